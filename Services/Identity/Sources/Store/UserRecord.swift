import Contracts
import Foundation
import SwiftProtobuf

/// A user as stored, with the roles and permissions of the roles they hold (disabled roles grant nothing).
struct UserRecord: Sendable {
    var id: UUID
    var username: String
    var displayName: String
    var passwordHash: String
    var disabled: Bool
    var createdAt: Date
    var roles: [String]
    var permissions: [String]

    var message: Metrology_Identity_V1_User {
        var user = Metrology_Identity_V1_User()
        user.id = id.uuidString.lowercased()
        user.username = username
        user.displayName = displayName
        user.roles = roles
        user.permissions = permissions
        user.disabled = disabled
        user.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        return user
    }
}
