import Contracts
import Foundation
import Logging
import PostgresNIO

/// Appends the feed's entries from certificates' events, inside the transaction that applies the event to the read
/// model (ResultsReadModel calls it), so an entry exists exactly when the event was applied. Only instruments under
/// mandatory verification (强检) enter the feed.
///
/// - issued: one `result` entry per certificate (or result notice); the unique (certificate_id, type) makes a
///   redelivered or replayed event a no-op.
/// - voided: one `correction` entry referencing the result's sequence. When the result is not in the feed (the
///   certificate was issued before the feed existed) the result is appended first, from the void's own payload, so
///   every correction has an original to point at.
///
/// Sequences: taken under `pg_advisory_xact_lock` held until commit, so entries become visible in sequence order and
/// a consumer's cursor never skips an entry committed late. The cost is that appends serialize, for the few
/// milliseconds each transaction has left; certificates are issued a few per second at most.
enum FeedProjection {
    enum Kind: Sendable {
        case issued, voided

        /// From the event's routing key (`certificates.certificate.issued|voided`); nil for any other.
        init?(eventType: String) {
            switch eventType {
            case CertificatesEvents.certificateIssued.routingKey: self = .issued
            case CertificatesEvents.certificateVoided.routingKey: self = .voided
            default: return nil
            }
        }
    }

    /// The institution named in every entry (the lab), as certificates names it.
    static let institution: String = {
        let name = ProcessInfo.processInfo.environment["METROLOGY_INSTITUTION_NAME"] ?? ""
        return name.isEmpty ? "示例市计量检定测试所" : name
    }()

    static func apply(
        _ change: Metrology_Certificates_V1_CertificateChanged, kind: Kind, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await apply(change, kind: kind, keys: .shared, on: connection, logger: logger)
    }

    static func apply(
        _ change: Metrology_Certificates_V1_CertificateChanged, kind: Kind, keys: FeedKeyRing, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard change.task.instrument.mandatory, let certificateID = UUID(uuidString: change.certificate.id) else { return }
        // Cheap check first, before the lock: most redeliveries end here.
        let type = kind == .issued ? "result" : "correction"
        if try await FeedStore.sequence(of: certificateID, type: type, on: connection, logger: logger) != nil { return }
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('reports.feed_entries'))", logger: logger)
        let signer = try await keys.signer(on: connection, logger: logger)
        var original = try await FeedStore.sequence(of: certificateID, type: "result", on: connection, logger: logger)
        if kind == .issued {
            if original == nil { _ = try await append(change, type: "result", corrects: nil, signer: signer, on: connection, logger: logger) }
            return
        }
        guard try await FeedStore.sequence(of: certificateID, type: "correction", on: connection, logger: logger) == nil else { return }
        if original == nil { original = try await append(change, type: "result", corrects: nil, signer: signer, on: connection, logger: logger) }
        _ = try await append(change, type: "correction", corrects: original, signer: signer, on: connection, logger: logger)
    }

    private static func append(
        _ change: Metrology_Certificates_V1_CertificateChanged, type: String, corrects: Int64?, signer: FeedKeyRing.Signer,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let sequence = try await FeedStore.nextSequence(on: connection, logger: logger)
        let document = FeedEntryBuilder.document(change, sequence: sequence, type: type, corrects: corrects, institution: institution)
        let payload = try document.encoded()
        let jws = try FeedJWS.sign(payload, keyID: signer.keyID, key: signer.key)
        try await FeedStore.insert(
            sequence: sequence, type: type, certificateID: change.certificate.id, corrects: corrects, regionCode: document.customer.regionCode,
            keyID: signer.keyID, payload: payload, jws: jws, on: connection, logger: logger)
        return sequence
    }
}
