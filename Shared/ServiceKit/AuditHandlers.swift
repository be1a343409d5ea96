import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import SwiftProtobuf

/// Audit/List and Audit/Verify for the service's own trail; every service registers them (see `ServiceRuntime`).
struct AuditHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter, service: String) {
        router.query(AuditMethods.list(service), access: .permission(.auditRead), list)
        router.query(AuditMethods.verify(service), access: .permission(.auditRead), verify)
    }

    func list(_ request: Metrology_Common_V1_ListAuditRequest, _ context: CallContext) async throws -> Metrology_Common_V1_ListAuditResponse {
        guard (0...500).contains(request.pageSize) else {
            throw RPCError.invalidArgument("每页条数必须在 1 到 500 之间", reason: "PAGE_SIZE_INVALID")
        }
        let limit = request.pageSize == 0 ? 50 : Int(request.pageSize)
        // Keyset paging: the cursor is the last seq shown (the same position next_before_seq gives as a number).
        var beforeSeq = request.beforeSeq > 0 ? request.beforeSeq : nil
        if let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 1) {
            guard let seq = Int64(cursor.key[0]), seq > 0 else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            beforeSeq = seq
        }
        // The filters go into the query as they are: the shared text rule keeps a NUL (a 500 from PostgreSQL) out.
        let filter = AuditTrail.Filter(
            actorID: try HumanText.query(request.actorID, field: "actorId").nilIfEmpty,
            action: try HumanText.query(request.action, field: "action").nilIfEmpty,
            entityType: try HumanText.query(request.entityType, field: "entityType").nilIfEmpty,
            entityID: try HumanText.query(request.entityID, field: "entityId").nilIfEmpty, from: request.hasFrom ? request.from.date : nil,
            to: request.hasTo ? request.to.date : nil,
            beforeSeq: beforeSeq, limit: limit + 1)
        var records = try await AuditTrail.list(filter, client: database, logger: context.logger)
        var response = Metrology_Common_V1_ListAuditResponse()
        if records.count > limit {
            records.removeLast()
            response.nextBeforeSeq = records.last?.seq ?? 0
            response.nextCursor = PageCursor(list: Self.cursorList, key: ["\(response.nextBeforeSeq)"]).token
        }
        response.entries = records.map(Self.message)
        return response
    }

    static let cursorList = "audit"

    func verify(_ request: Metrology_Common_V1_VerifyAuditRequest, _ context: CallContext) async throws -> Metrology_Common_V1_VerifyAuditResponse {
        let result = try await AuditTrail.verify(client: database, logger: context.logger)
        var response = Metrology_Common_V1_VerifyAuditResponse()
        response.intact = result.intact
        response.checked = result.checked
        response.firstBrokenSeq = result.firstBrokenSeq ?? 0
        response.problem = result.problem?.message ?? ""
        response.problemCode = result.problem?.rawValue ?? ""
        return response
    }

    static func message(_ record: AuditRecord) -> Metrology_Common_V1_AuditEntry {
        var entry = Metrology_Common_V1_AuditEntry()
        entry.seq = record.seq
        entry.occurredAt = Google_Protobuf_Timestamp(date: record.occurredAt)
        entry.actorID = record.actorID
        entry.actorName = record.actorName
        entry.action = record.action
        entry.entityType = record.entityType
        entry.entityID = record.entityID
        entry.summary = record.summary
        entry.detailsJson = record.detailsJSON
        entry.traceID = record.traceID
        entry.prevHash = record.previousHash.hexEncoded
        entry.hash = record.hash.hexEncoded
        return entry
    }
}

extension String {
    /// nil for "", so an unset proto3 string means "no filter".
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
