import Contracts
import GatewayAPISupport
import IdentityAPI
import Messaging
import RPCCore
import SwiftProtobuf

/// `/v1/audit*`: each service's own hash-chained audit trail (审计追踪), read on that service's queue; `?service=`
/// picks the queue, identity when absent. A name outside the document's list is refused as AUDIT_SERVICE_UNKNOWN
/// (APIErrors.parameterRefusals): sent on, it would go to a queue nobody consumes and come back as a timeout.
extension IdentityRoutes {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let query = input.query
        var message = Metrology_Common_V1_ListAuditRequest()
        message.actorID = query.actorId ?? ""
        message.action = query.action ?? ""
        message.entityType = query.entityType ?? ""
        message.entityID = query.entityId ?? ""
        if let from = query.from { message.from = Google_Protobuf_Timestamp(date: from) }
        if let to = query.to { message.to = Google_Protobuf_Timestamp(date: to) }
        message.pageSize = query.pageSize ?? 0
        message.beforeSeq = query.beforeSeq ?? 0
        let response = try await call(AuditMethods.list(query.service?.rawValue ?? "identity"), message)
        return .ok(
            .init(body: .json(.init(entries: response.entries.map(Components.Schemas.AuditEntry.init), nextBeforeSeq: response.nextBeforeSeq))))
    }

    func verifyAudit(_ input: Operations.VerifyAudit.Input) async throws -> Operations.VerifyAudit.Output {
        let response = try await call(AuditMethods.verify(input.query.service?.rawValue ?? "identity"), .init())
        return .ok(
            .init(
                body: .json(
                    .init(
                        intact: response.intact, checked: response.checked, firstBrokenSeq: response.firstBrokenSeq, problem: response.problem,
                        problemCode: .init(response.problemCode)))))
    }

    /// The audit routes' own code for a service the document does not list (see APIErrors.parameterRefusals).
    static func unknownService(_ name: String) -> RPCError {
        .invalidArgument(
            "未知的服务：\(name)，应为 \(ServiceNames.all.joined(separator: "、")) 之一", reason: "AUDIT_SERVICE_UNKNOWN",
            details: ["service": "未知的服务"])
    }
}

extension Components.Schemas.AuditEntry {
    /// `detailsJson` is the changed fields as a JSON object in a string, exactly as hashed into the chain.
    init(_ entry: Metrology_Common_V1_AuditEntry) {
        self.init(
            seq: entry.seq, occurredAt: entry.occurredAt.date, actorId: entry.actorID, actorName: entry.actorName, action: entry.action,
            entityType: entry.entityType, entityId: entry.entityID, summary: entry.summary, detailsJson: entry.detailsJson,
            traceId: entry.traceID, prevHash: entry.prevHash, hash: entry.hash)
    }
}
