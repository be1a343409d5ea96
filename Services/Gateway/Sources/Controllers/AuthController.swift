import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/auth/*` and `/v1/me*`: the caller's own session and account.
struct AuthController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/auth/login", use: login)
        router.post("/v1/auth/login-challenge", use: loginChallenge)
        router.post("/v1/auth/refresh", use: refresh)
        router.post("/v1/auth/logout", use: logout)
        router.get("/v1/me", use: me)
        router.post("/v1/me/password", use: changePassword)
    }

    /// With `device`, a mobile login: identity checks the device in with the devices service, which registers a new
    /// one as pending (412 DEVICE_PENDING_AUTHORIZATION until an administrator enables it) and refuses a disabled one.
    func login(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: LoginBody.self)
        var message = Metrology_Identity_V1_LoginRequest()
        message.username = body.username
        message.password = body.password
        if let device = body.device { message.device = try device.message() }
        message.deviceChallengeID = body.deviceChallengeId ?? ""
        if let proof = body.deviceProof { message.deviceProof = try Base64Field.decode(proof, field: "deviceProof") }
        let response = try await backend.call(IdentityMethods.login, message, options: try .forRequest(request, context: context))
        return try jsonResponse(TokensDTO(response))
    }

    /// A single-use nonce a mobile device signs with its key and sends back with its login (`deviceProof`).
    func loginChallenge(_ request: Request, context: some RequestContext) async throws -> Response {
        let response = try await backend.call(IdentityMethods.loginChallenge, .init(), options: try .forRequest(request, context: context))
        return try jsonResponse(LoginChallengeDTO(response))
    }

    func refresh(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: RefreshBody.self)
        var message = Metrology_Identity_V1_RefreshRequest()
        message.refreshToken = body.refreshToken
        let response = try await backend.call(IdentityMethods.refresh, message, options: try .forRequest(request, context: context))
        return try jsonResponse(TokensDTO(response))
    }

    func logout(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        _ = try await backend.call(IdentityMethods.logout, .init(), options: options)
        return Response(status: .noContent)
    }

    func me(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let response = try await backend.call(IdentityMethods.getMe, .init(), options: options)
        return try jsonResponse(UserDTO(response.user))
    }

    /// The caller's own password; needs the current one, unlike an administrator's reset through PATCH /v1/users/{id}.
    func changePassword(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: ChangePasswordBody.self)
        var message = Metrology_Identity_V1_ChangePasswordRequest()
        message.currentPassword = body.currentPassword
        message.newPassword = body.newPassword
        _ = try await backend.call(IdentityMethods.changePassword, message, options: options)
        return Response(status: .noContent)
    }
}
