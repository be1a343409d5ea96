import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/audit*`: each service's own hash-chained audit trail (审计追踪), read on that service's queue.
struct AuditController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/audit", use: list)
        router.get("/v1/audit/verify", use: verify)
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let service = try Self.service(request)
        var message = Metrology_Common_V1_ListAuditRequest()
        message.actorID = request.queryString("actorId") ?? ""
        message.action = request.queryString("action") ?? ""
        message.entityType = request.queryString("entityType") ?? ""
        message.entityID = request.queryString("entityId") ?? ""
        if let from = try request.queryTimestamp("from") { message.from = from }
        if let to = try request.queryTimestamp("to") { message.to = to }
        message.pageSize = try request.queryInteger("pageSize") ?? 0
        message.beforeSeq = try request.queryInteger("beforeSeq") ?? 0
        let response = try await backend.call(AuditMethods.list(service), message, options: options)
        return try jsonResponse(AuditPageDTO(entries: response.entries.map(AuditEntryDTO.init), nextBeforeSeq: response.nextBeforeSeq))
    }

    func verify(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let service = try Self.service(request)
        let response = try await backend.call(AuditMethods.verify(service), .init(), options: options)
        return try jsonResponse(AuditVerificationDTO(response))
    }

    /// `?service=` picks the queue; identity when absent. A name outside the known services is refused here: sent on,
    /// it would go to a queue nobody consumes and come back as a timeout rather than a clear 400.
    static func service(_ request: Request) throws -> String {
        let name = request.queryString("service") ?? "identity"
        guard ServiceNames.all.contains(name) else {
            throw RPCError.invalidArgument(
                "未知的服务：\(name)，应为 \(ServiceNames.all.joined(separator: "、")) 之一", reason: "AUDIT_SERVICE_UNKNOWN",
                details: ["service": "未知的服务"])
        }
        return name
    }
}
