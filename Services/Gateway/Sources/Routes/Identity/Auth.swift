import Contracts
import GatewayAPISupport
import IdentityAPI
import SwiftProtobuf

/// `/v1/auth/*` and `/v1/me*`: the caller's own session and account. Login, its challenge and refresh are public
/// (RequestScopeMiddleware.publicPaths); the rest carry the verified caller.
extension IdentityRoutes {
    /// With `device`, a mobile login: identity checks the device in with the devices service, which registers a new
    /// one as pending (412 DEVICE_PENDING_AUTHORIZATION until an administrator enables it) and refuses a disabled one.
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_LoginRequest()
        message.username = body.username
        message.password = body.password
        if let device = body.device {
            var info = Metrology_Devices_V1_DeviceInfo()
            info.kind = device.kind?.rawValue ?? ""
            info.imei = device.imei ?? ""
            info.registrationKey = device.registrationKey ?? ""
            info.name = device.name ?? ""
            info.model = device.model ?? ""
            info.os = device.os ?? ""
            info.appVersion = device.appVersion ?? ""
            info.publicKey = device.publicKey.data
            message.device = info
        }
        message.deviceChallengeID = body.deviceChallengeId ?? ""
        if let proof = body.deviceProof { message.deviceProof = proof.data }
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.login, message)))))
    }

    /// A single-use nonce a mobile device signs with its key and sends back with its login (`deviceProof`).
    func loginChallenge(_ input: Operations.LoginChallenge.Input) async throws -> Operations.LoginChallenge.Output {
        let response = try await call(IdentityMethods.loginChallenge, .init())
        return .ok(
            .init(body: .json(.init(challengeId: response.challengeID, challenge: .init(response.challenge), expiresAt: response.expiresAt.date))))
    }

    func refresh(_ input: Operations.Refresh.Input) async throws -> Operations.Refresh.Output {
        var message = Metrology_Identity_V1_RefreshRequest()
        message.refreshToken =
            switch input.body {
            case .json(let body): body.refreshToken
            }
        return .ok(.init(body: .json(try .init(try await call(IdentityMethods.refresh, message)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        _ = try await call(IdentityMethods.logout, .init())
        return .noContent(.init())
    }

    func me(_ input: Operations.Me.Input) async throws -> Operations.Me.Output {
        .ok(.init(body: .json(try .init(try await call(IdentityMethods.getMe, .init()).user))))
    }

    /// The caller's own password; needs the current one, unlike an administrator's reset through PATCH /v1/users/{id}.
    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Identity_V1_ChangePasswordRequest()
        message.currentPassword = body.currentPassword
        message.newPassword = body.newPassword
        _ = try await call(IdentityMethods.changePassword, message)
        return .noContent(.init())
    }
}

extension Components.Schemas.Tokens {
    /// `deviceId` is a mobile session's device, to send as `X-Device-Id`; absent for a browser login.
    /// `mustChangePassword`: the password was set by an administrator; until it is changed (POST /v1/me/password) and
    /// the token refreshed, everything else is refused 400 IDENTITY_PASSWORD_CHANGE_REQUIRED.
    init(_ response: Metrology_Identity_V1_LoginResponse) throws {
        self.init(
            tokenType: "Bearer", accessToken: response.accessToken, accessTokenExpiresAt: response.accessTokenExpiresAt.date,
            refreshToken: response.refreshToken, refreshTokenExpiresAt: response.refreshTokenExpiresAt.date,
            user: try .init(response.user), deviceId: response.deviceID.isEmpty ? nil : response.deviceID,
            mustChangePassword: response.mustChangePassword)
    }
}
