import Auth
import Contracts
import Hummingbird
import Messaging

/// A person's qualifications (资质), approved items (核准开展项目) and the check records make before each step.
struct QualificationsController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/users/:id/qualifications", use: add)
        router.delete("/v1/users/:id/qualifications/:qualificationId", use: remove)
        router.put("/v1/users/:id/approved-items", use: setApprovedItems)
        router.get("/v1/users/:id/qualification-check", use: check)
    }

    func add(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: AddQualificationBody.self)
        var message = Metrology_Identity_V1_AddQualificationRequest()
        message.userID = try context.parameters.require("id")
        message.certificateNo = body.certificateNo
        message.issuedOn = body.issuedOn
        message.issuer = body.issuer
        message.expiresOn = body.expiresOn
        message.items = body.items
        let response = try await backend.call(IdentityMethods.addQualification, message, options: options)
        return try jsonResponse(UserDTO(response.user), status: .created)
    }

    func remove(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_RemoveQualificationRequest()
        message.userID = try context.parameters.require("id")
        message.qualificationID = try context.parameters.require("qualificationId")
        let response = try await backend.call(IdentityMethods.removeQualification, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// PUT: the list replaces the previous one as a whole.
    func setApprovedItems(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: ApprovedItemsBody.self)
        var message = Metrology_Identity_V1_SetApprovedItemsRequest()
        message.userID = try context.parameters.require("id")
        message.items = body.items
        let response = try await backend.call(IdentityMethods.setApprovedItems, message, options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// A refusal is an answer (allowed: false with a reason), not an error; the service validates item, action and date.
    func check(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Identity_V1_CheckQualificationRequest()
        message.userID = try context.parameters.require("id")
        message.item = request.queryString("item") ?? ""
        message.action = request.queryString("action") ?? ""
        message.onDate = request.queryString("date") ?? ""
        let response = try await backend.call(IdentityMethods.checkQualification, message, options: options)
        return try jsonResponse(QualificationCheckDTO(response))
    }
}
