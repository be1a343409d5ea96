import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/items/{id}/procedure*`: the procedure (检测流程) of one item and test type. An item has one procedure per type,
/// so the type code (`verification:initial`) is the query parameter `type` rather than a path segment: its colon
/// and the service's own code format stay out of the path. It is required on every route here.
struct ProceduresController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/items/:id/procedure", use: get)
        router.put("/v1/items/:id/procedure", use: saveDraft)
        router.get("/v1/items/:id/procedure/validation", use: validate)
        router.post("/v1/items/:id/procedure/publish", use: publish)
        router.get("/v1/items/:id/procedure/versions", use: versions)
        router.get("/v1/items/:id/procedure/versions/:version", use: version)
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let message = try Self.procedureRequest(request, context: context)
        let procedure = try await backend.call(FlowsMethods.getProcedure, message, options: options)
        return try jsonResponse(ProcedureDTO(procedure))
    }

    /// PUT: the items replace the draft as a whole. A stale `baseRevision` is the service's 409 FLOWS_DRAFT_STALE.
    func saveDraft(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let address = try Self.procedureRequest(request, context: context)
        let body = try await request.decodeJSON(as: SaveProcedureDraftBody.self)
        var message = Metrology_Flows_V1_SaveProcedureDraftRequest()
        message.itemID = address.itemID
        message.typeCode = address.typeCode
        message.items = body.items.map(\.message)
        message.baseRevision = body.baseRevision
        let procedure = try await backend.call(FlowsMethods.saveProcedureDraft, message, options: options)
        return try jsonResponse(ProcedureDTO(procedure))
    }

    /// A draft with errors is a 200 answer listing them (ok: false), not an error: checking is what was asked.
    func validate(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let message = try Self.procedureRequest(request, context: context)
        let validation = try await backend.call(FlowsMethods.validateProcedure, message, options: options)
        return try jsonResponse(ProcedureValidationDTO(validation))
    }

    /// 201: publishing freezes the draft as a new version; the answer is the procedure, whose `latestVersion` names it.
    func publish(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let address = try Self.procedureRequest(request, context: context)
        let body = try await request.decodeJSON(as: PublishProcedureBody.self)
        var message = Metrology_Flows_V1_PublishProcedureRequest()
        message.itemID = address.itemID
        message.typeCode = address.typeCode
        message.draftRevision = body.draftRevision
        message.note = body.note ?? ""
        let procedure = try await backend.call(FlowsMethods.publishProcedure, message, options: options)
        return try jsonResponse(ProcedureDTO(procedure), status: .created)
    }

    func versions(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let message = try Self.procedureRequest(request, context: context)
        let response = try await backend.call(FlowsMethods.listProcedureVersions, message, options: options)
        return try jsonResponse(ProcedureVersionListDTO(versions: response.versions.map { ProcedureVersionDTO($0, withItems: false) }))
    }

    func version(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let address = try Self.procedureRequest(request, context: context)
        var message = Metrology_Flows_V1_GetProcedureVersionRequest()
        message.itemID = address.itemID
        message.typeCode = address.typeCode
        message.version = try Self.versionNumber(context)
        let version = try await backend.call(FlowsMethods.getProcedureVersion, message, options: options)
        return try jsonResponse(ProcedureVersionDTO(version, withItems: true))
    }

    /// The item from the path and the type from the query: what every route here addresses.
    static func procedureRequest(_ request: Request, context: some RequestContext) throws -> Metrology_Flows_V1_GetProcedureRequest {
        var message = Metrology_Flows_V1_GetProcedureRequest()
        message.itemID = try context.parameters.require("id")
        message.typeCode = try request.requiredQueryString("type")
        return message
    }

    /// Versions are numbered from 1. The contract reads 0 as "the latest", but a path names one version, so 0 and
    /// negatives are refused like any non-number instead of silently answering whichever version is newest.
    static func versionNumber(_ context: some RequestContext) throws -> Int32 {
        let text = try context.parameters.require("version")
        guard let number = Int32(text), number >= 1 else {
            throw RPCError.invalidArgument("流程版本号必须是正整数", reason: "PATH_INTEGER_INVALID", details: ["version": "必须是正整数"])
        }
        return number
    }
}
