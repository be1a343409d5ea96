import Contracts
import Foundation
import SwiftProtobuf

// JSON shapes of the HTTP API (see Resources/openapi.yaml), one file per concept. Names are camelCase; times are
// RFC 3339 UTC. This file: login, tokens and the caller's own password; the user shape is in UserDTOs.swift.

struct LoginBody: Codable, Sendable {
    var username: String
    var password: String
    /// Sent by mobile apps: the device must be enabled, and the session is bound to it (the token's `dev` claim).
    var device: DeviceInfoBody?
    /// With `device`: the login challenge's id and the device's signature of its bytes (base64).
    var deviceChallengeId: String?
    var deviceProof: String?
}

struct LoginChallengeDTO: Codable, Sendable {
    var challengeId: String
    /// The exact bytes to sign, base64.
    var challenge: String
    var expiresAt: String

    init(_ response: Metrology_Identity_V1_LoginChallengeResponse) {
        challengeId = response.challengeID
        challenge = response.challenge.base64EncodedString()
        expiresAt = RFC3339.string(response.expiresAt)
    }
}

struct RefreshBody: Codable, Sendable {
    var refreshToken: String
}

struct TokensDTO: Codable, Sendable {
    var tokenType = "Bearer"
    var accessToken: String
    var accessTokenExpiresAt: String
    var refreshToken: String
    var refreshTokenExpiresAt: String
    var user: UserDTO
    /// A mobile session's device id, to send as `X-Device-Id`; absent for a browser login.
    var deviceId: String?
    /// The password was set by an administrator: change it (POST /v1/me/password) and refresh before anything else,
    /// which until then is refused 400 IDENTITY_PASSWORD_CHANGE_REQUIRED (FAILED_PRECONDITION, mapped as any other).
    var mustChangePassword: Bool

    init(_ response: Metrology_Identity_V1_LoginResponse) {
        accessToken = response.accessToken
        accessTokenExpiresAt = RFC3339.string(response.accessTokenExpiresAt)
        refreshToken = response.refreshToken
        refreshTokenExpiresAt = RFC3339.string(response.refreshTokenExpiresAt)
        user = UserDTO(response.user)
        deviceId = response.deviceID.isEmpty ? nil : response.deviceID
        mustChangePassword = response.mustChangePassword
    }
}

struct ChangePasswordBody: Codable, Sendable {
    var currentPassword: String
    var newPassword: String
}
