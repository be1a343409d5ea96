import Contracts
import Crypto
import Foundation
import Logging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// What approving needs from other services, gathered before the write's transaction opens (`ApproveTask`'s
/// prepare): the verified receipt, the lab's templates, the three handwritten signatures and the number. The issue
/// process then needs nobody: it runs on what this stored, whenever it runs and however often.
struct ApprovalInputs: Sendable {
    var receipt: Metrology_Identity_V1_SignatureReceipt
    /// certificate (检定证书) or notice (检定结果通知书).
    var kind: CertificateKind
    var number: String
    var template: StoredInput
    /// The raw-record template, when the lab imported one.
    var rawRecordTemplate: StoredInput?
    /// By role: sign_tester, sign_reviewer, sign_approver (missing when the signer gave no handwriting).
    var signatures: [String: StoredInput]
    /// The pinned procedure version's point labels by table code, stored as the input `point_labels` (JSON).
    var pointLabels: [String: [String]] = [:]

    struct StoredInput: Sendable {
        var content: Data
        var mediaType: String
        /// Set when the file store already holds these bytes (the same template or handwriting as an earlier
        /// approval's): `content` is then empty and only the address is stored with the certificate.
        var storedAs: String? = nil
    }
}

/// The kind of document an approval issues: a failed verification gets a result notice, not a certificate (§4.3.12).
enum CertificateKind: String, Sendable {
    case certificate, notice

    /// 不合格 anywhere in the conclusion means the instrument failed.
    init(conclusion: String) {
        self = conclusion.contains("不合格") ? .notice : .certificate
    }

    var title: String { self == .certificate ? "检定证书" : "检定结果通知书" }
}

extension ApprovalInputs {
    static let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The newest template of each of `kinds` for the item and type (a kind the lab has none of is missing), from one
    /// listing. Flows lists each template with the SHA-256 of its content; bytes the file store already holds under
    /// that address (every approval after the first of a template) are not downloaded again.
    static func templates(
        item: String, type: String, kinds: [String], files: PostgresClient?, context: CallContext
    ) async throws -> [String: StoredInput] {
        var list = Metrology_Flows_V1_ListTemplatesRequest()
        list.itemID = item
        list.typeCode = type
        let templates = try await context.call(FlowsMethods.listTemplates, list, step: "templates-list")
        var found: [String: StoredInput] = [:]
        for kind in kinds {
            // Listed by kind, newest version first.
            guard let newest = templates.templates.first(where: { $0.kind == kind }) else { continue }
            let address = newest.sha256.lowercased()
            if let known = try await storedType(address, files: files, logger: context.logger) {
                found[kind] = StoredInput(content: Data(), mediaType: known, storedAs: address)
                continue
            }
            var download = Metrology_Flows_V1_DownloadTemplateRequest()
            download.templateID = newest.id
            let file = try await context.call(FlowsMethods.downloadTemplate, download, step: "template-\(kind)-download", cap: .seconds(60))
            let isExcel = file.contentType.contains("sheet") || newest.format == "xlsx"
            found[kind] = StoredInput(content: file.content, mediaType: isExcel ? xlsx : docx)
        }
        return found
    }

    /// The point labels of the procedure version the task pinned, by table code; none for a version flows no longer
    /// has (the certificate then prints point numbers). A published version never changes, so each is asked for once
    /// per process (`PublishedLabels`).
    static func pointLabels(
        item: String, type: String, version: Int32, step: String, cache: PublishedLabels, context: CallContext
    ) async throws -> [String: [String]] {
        guard version > 0 else { return [:] }
        let key = PublishedLabels.Key(item: item, type: type, version: version)
        if let known = cache[key] { return known }
        var request = Metrology_Flows_V1_GetProcedureVersionRequest()
        request.itemID = item
        request.typeCode = type
        request.version = version
        let procedure: Metrology_Flows_V1_ProcedureVersion
        do {
            procedure = try await context.call(FlowsMethods.getProcedureVersion, request, step: step)
        } catch let error as RPCError where error.code == .notFound {
            return [:]
        }
        var labels: [String: [String]] = [:]
        for item in procedure.items where !item.pointLabels.isEmpty { labels[item.code] = item.pointLabels }
        cache[key] = labels
        return labels
    }

    /// `point_labels` as stored with the certificate's inputs: sorted keys, so that a retry stores the same file.
    static func encodePointLabels(_ labels: [String: [String]]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(labels)
    }

    static func decodePointLabels(_ data: Data?) -> [String: [String]] {
        data.flatMap { try? JSONDecoder().decode([String: [String]].self, from: $0) } ?? [:]
    }

    /// The handwriting captured with a receipt, or nil when there was none. The receipt signs the handwriting's
    /// SHA-256 (empty when the signer gave none), so a receipt without one needs no call, and handwriting the file
    /// store already holds (the same signer's saved image) is not fetched again. A fetched image must be the one
    /// the receipt signed.
    static func signature(
        receipt: String, handwriting sha256: String, step: String, files: PostgresClient?, context: CallContext
    ) async throws -> StoredInput? {
        guard !receipt.isEmpty, !sha256.isEmpty else { return nil }
        let address = sha256.lowercased()
        if let known = try await storedType(address, files: files, logger: context.logger) {
            return StoredInput(content: Data(), mediaType: known, storedAs: address)
        }
        var request = Metrology_Identity_V1_GetSignatureImageRequest()
        request.receiptID = receipt
        let image = try await context.call(IdentityMethods.getSignatureImage, request, step: step)
        guard !image.png.isEmpty else { return nil }
        guard SHA256.hash(data: image.png).hexEncoded == address else {
            throw RPCError(
                code: .failedPrecondition, message: "签名图像与签名回执记载的不一致，不能用于证书", reason: "CERTIFICATES_HANDWRITING_MISMATCH",
                details: ["receiptId": receipt])
        }
        return StoredInput(content: image.png, mediaType: "image/png")
    }

    /// The media type of a file the store holds under `sha256` (lowercase hex, as the store names files), or nil (an empty or malformed address is never held;
    /// without a store, as for a preview that needs the bytes themselves, nothing is).
    static func storedType(_ sha256: String, files: PostgresClient?, logger: Logger) async throws -> String? {
        guard let files, sha256.count == 64 else { return nil }
        return try await files.withConnection { try await FileStore.metadata(sha256, on: $0, logger: logger) }?.mediaType
    }
}

extension ApprovalInputs {
    /// Every input's address by role (template, raw_template, sign_*, point_labels), storing in one statement the
    /// files the store does not hold yet: a statement per file was six round trips inside the approval's transaction.
    func storeAll(on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var named = documentsAndSignatures
        named.append(("point_labels", StoredInput(content: try Self.encodePointLabels(pointLabels), mediaType: "application/json")))
        return try await Self.store(named, on: connection, logger: logger)
    }

    /// The templates' and this approval's signatures' addresses by role, without the point labels: a re-issue keeps
    /// the voided certificate's, which come from the same record.
    func storeDocumentsAndSignatures(on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        try await Self.store(documentsAndSignatures, on: connection, logger: logger)
    }

    private var documentsAndSignatures: [(role: String, input: StoredInput)] {
        var named: [(role: String, input: StoredInput)] = [("template", template)]
        if let rawRecordTemplate { named.append(("raw_template", rawRecordTemplate)) }
        named += signatures.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return named
    }

    private static func store(
        _ named: [(role: String, input: StoredInput)], on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: String] {
        var stored = named.reduce(into: [String: String]()) { stored, entry in stored[entry.role] = entry.input.storedAs }
        let new = named.filter { $0.input.storedAs == nil }
        let addresses = try await FileStore.putAll(new.map { ($0.input.content, $0.input.mediaType) }, on: connection, logger: logger)
        for (entry, address) in zip(new, addresses) { stored[entry.role] = address }
        return stored
    }
}
