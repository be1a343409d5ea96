import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/auth/*` and `/v1/me`.
struct AuthController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/auth/login", use: login)
        router.post("/v1/auth/refresh", use: refresh)
        router.post("/v1/auth/logout", use: logout)
        router.get("/v1/me", use: me)
    }

    func login(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: LoginBody.self)
        var message = Metrology_Identity_V1_LoginRequest()
        message.username = body.username
        message.password = body.password
        let response = try await backend.call(IdentityMethods.login, message, options: try .forRequest(request, context: context))
        return try jsonResponse(TokensDTO(response))
    }

    func refresh(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: RefreshBody.self)
        var message = Metrology_Identity_V1_RefreshRequest()
        message.refreshToken = body.refreshToken
        let response = try await backend.call(IdentityMethods.refresh, message, options: try .forRequest(request, context: context))
        return try jsonResponse(TokensDTO(response))
    }

    func logout(_ request: Request, context: some RequestContext) async throws -> Response {
        let token = try await verifiedToken(request)
        _ = try await backend.call(IdentityMethods.logout, .init(), options: try .forRequest(request, context: context, accessToken: token))
        return Response(status: .noContent)
    }

    func me(_ request: Request, context: some RequestContext) async throws -> Response {
        let token = try await verifiedToken(request)
        let response = try await backend.call(IdentityMethods.getMe, .init(), options: try .forRequest(request, context: context, accessToken: token))
        return try jsonResponse(UserDTO(response.user))
    }

    /// The gateway refuses bad tokens early; each service verifies them again itself.
    private func verifiedToken(_ request: Request) async throws -> String {
        let token = try request.bearerToken()
        _ = try await verifier.verify(token)
        return token
    }
}
