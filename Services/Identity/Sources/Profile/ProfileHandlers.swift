import Auth
import Contracts
import Foundation
import Messaging
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// GetMe and GetSigningKeys.
struct ProfileHandlers: Sendable {
    let store: IdentityStore
    let settings: IdentitySettings

    func getMe(_ request: Metrology_Identity_V1_GetMeRequest, _ context: CallContext) async throws -> Metrology_Identity_V1_GetMeResponse {
        let principal = try context.caller()
        guard let id = UUID(uuidString: principal.userID),
            let user = try await store.client.withConnection({ try await store.user(id: id, on: $0, logger: context.logger) })
        else { throw RPCError.notFound("用户不存在", reason: "IDENTITY_USER_NOT_FOUND") }
        var response = Metrology_Identity_V1_GetMeResponse()
        response.user = user.message(lockout: settings.lockout)
        return response
    }

    func getSigningKeys(
        _ request: Metrology_Identity_V1_GetSigningKeysRequest, _ context: CallContext
    ) async throws
        -> Metrology_Identity_V1_GetSigningKeysResponse
    {
        var response = Metrology_Identity_V1_GetSigningKeysResponse()
        response.keys = try await store.signingKeys(logger: context.logger).map { stored in
            var key = Metrology_Identity_V1_SigningKey()
            key.keyID = stored.id
            key.algorithm = "Ed25519"
            key.publicKey = stored.publicKey
            key.createdAt = Google_Protobuf_Timestamp(date: stored.createdAt)
            return key
        }
        return response
    }
}
