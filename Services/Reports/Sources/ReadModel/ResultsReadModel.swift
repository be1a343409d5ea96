import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// The statistics read model (`results`, `data_fields`): the tasks as records and certificates published them.
/// Applied live by the projector's consumer (queue `metrology.reports.events.results`) and rebuilt by replaying
/// records' and then certificates' retained logs through the same handlers (`ReadModelProjector.rebuild`). Writes no
/// audit entries: it copies what the producers audited already.
struct ResultsReadModel: ReadModel {
    static let name = "results"
    var name: String { Self.name }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(RecordsEvents.taskSubmitted, recorded)
        handlers.on(RecordsEvents.taskReviewed, recorded)
        handlers.on(RecordsEvents.taskReturned, returned)
        handlers.on(CertificatesEvents.certificateIssued, certificate)
        handlers.on(CertificatesEvents.certificateVoided, certificate)
        return handlers
    }

    func reset(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("TRUNCATE results, data_fields", logger: logger)
        try await connection.query("UPDATE lag_checkpoints SET position = 0, latest = 0, pending = 0, checked_at = now()", logger: logger)
    }

    func recorded(_ event: Metrology_Records_V1_TaskRecorded, _ context: EventContext, _ connection: PostgresConnection) async throws -> AuditEvent? {
        try await ResultsStore.applyRecord(
            task: event.task, customer: event.hasCustomer ? event.customer : nil, at: Self.time(context), on: connection, logger: context.logger)
        return nil
    }

    func returned(_ event: Metrology_Records_V1_TaskReturned, _ context: EventContext, _ connection: PostgresConnection) async throws -> AuditEvent? {
        // TaskReturned carries no customer: the row keeps the one it has (an upsert without it would blank it).
        let customer = try await Self.customer(of: event.task.id, on: connection, logger: context.logger)
        try await ResultsStore.applyRecord(task: event.task, customer: customer, at: Self.time(context), on: connection, logger: context.logger)
        return nil
    }

    func certificate(
        _ event: Metrology_Certificates_V1_CertificateChanged, _ context: EventContext, _ connection: PostgresConnection
    ) async throws -> AuditEvent? {
        try await ResultsStore.applyCertificate(event, at: Self.time(context), on: connection, logger: context.logger)
        if let kind = FeedProjection.Kind(eventType: context.envelope.type) {
            try await FeedProjection.apply(event, kind: kind, on: connection, logger: context.logger)
        }
        return nil
    }

    /// The producer's time of the event, which orders its events of one task.
    static func time(_ context: EventContext) -> Date {
        context.envelope.hasOccurredAt ? context.envelope.occurredAt.date : Date(timeIntervalSince1970: 0)
    }

    static func customer(of taskID: String, on connection: PostgresConnection, logger: Logger) async throws -> Metrology_Records_V1_Customer? {
        guard let id = UUID(uuidString: taskID) else { return nil }
        let rows = try await connection.query(
            """
            SELECT customer_name, customer_address, customer_credit_code, customer_region_code, customer_region_name
            FROM results WHERE task_id = \(id)
            """, logger: logger)
        for try await (name, address, uscc, regionCode, regionName) in rows.decode((String, String, String, String, String).self) {
            var customer = Metrology_Records_V1_Customer()
            customer.name = name
            customer.address = address
            customer.uscc = uscc
            customer.regionCode = regionCode
            customer.regionName = regionName
            return customer
        }
        return nil
    }
}
