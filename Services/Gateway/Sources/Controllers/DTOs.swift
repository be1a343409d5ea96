import Contracts
import Foundation
import SwiftProtobuf

/// JSON shapes of the HTTP API (see Resources/openapi.yaml). Names are camelCase; times are RFC 3339 UTC.
struct UserDTO: Codable, Sendable {
    var id: String
    var username: String
    var displayName: String
    var roles: [String]
    var permissions: [String]
    var disabled: Bool
    var createdAt: String?

    init(_ user: Metrology_Identity_V1_User) {
        id = user.id
        username = user.username
        displayName = user.displayName
        roles = user.roles
        permissions = user.permissions
        disabled = user.disabled
        createdAt = user.hasCreatedAt ? RFC3339.string(user.createdAt) : nil
    }
}

struct LoginBody: Codable, Sendable {
    var username: String
    var password: String
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

    init(_ response: Metrology_Identity_V1_LoginResponse) {
        accessToken = response.accessToken
        accessTokenExpiresAt = RFC3339.string(response.accessTokenExpiresAt)
        refreshToken = response.refreshToken
        refreshTokenExpiresAt = RFC3339.string(response.refreshTokenExpiresAt)
        user = UserDTO(response.user)
    }
}

enum RFC3339 {
    static func string(_ timestamp: Google_Protobuf_Timestamp) -> String {
        timestamp.date.formatted(.iso8601)
    }
}
