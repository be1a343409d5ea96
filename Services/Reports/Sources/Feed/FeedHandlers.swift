import Auth
import Contracts
import Crypto
import Foundation
import Logging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// The feed's RPCs: the pull read for provincial platforms (their API key, no user token), the JWKS, and the
/// operator's management of consumers (setup.manage).
struct FeedHandlers: Sendable {
    let database: PostgresClient
    var keys: FeedKeyRing = .shared

    func register(on router: inout ServiceRouter) {
        router.query(ReportsMethods.readFeed, access: .anonymous, readFeed)
        router.query(ReportsMethods.listFeedKeys, access: .anonymous, listFeedKeys)
        router.write(ReportsMethods.createFeedConsumer, access: .permission(.setupManage), createFeedConsumer)
        router.query(ReportsMethods.listFeedConsumers, access: .permission(.setupManage), listFeedConsumers)
        router.write(ReportsMethods.disableFeedConsumer, access: .permission(.setupManage), disableFeedConsumer)
    }

    func readFeed(_ request: Metrology_Reports_V1_ReadFeedRequest, _ context: CallContext) async throws -> Metrology_Reports_V1_ReadFeedResponse {
        guard let credentials = FeedConsumerCredentials.parse(request.apiKey) else { throw FeedErrors.unauthenticated }
        guard let after = FeedCursor.decode(request.after) else { throw FeedErrors.cursorInvalid }
        let limit = request.limit == 0 ? 100 : Int(request.limit)
        guard (1...500).contains(limit) else { throw FeedErrors.limitInvalid }
        return try await database.withConnection { connection in
            guard let consumer = try await FeedConsumerStore.byClientID(credentials.clientID, on: connection, logger: context.logger),
                !consumer.disabled, FeedConsumerCredentials.matches(credentials.secret, hash: consumer.secretHash)
            else { throw FeedErrors.unauthenticated }
            let entries = try await FeedStore.page(
                after: after, regionPrefix: consumer.regionPrefix, limit: limit, on: connection, logger: context.logger)
            try await FeedConsumerStore.touch(consumer.id, on: connection, logger: context.logger)
            var response = Metrology_Reports_V1_ReadFeedResponse()
            response.consumerID = consumer.id.uuidString.lowercased()
            response.regionPrefix = consumer.regionPrefix
            response.entries = entries.map { entry in
                var message = Metrology_Reports_V1_FeedEntry()
                message.sequence = entry.sequence
                message.type = entry.type
                message.jws = entry.jws
                message.entryJson = String(decoding: entry.payload, as: UTF8.self)
                return message
            }
            response.nextCursor = entries.last.map { FeedCursor.encode($0.sequence) } ?? request.after
            return response
        }
    }

    /// Creates the first key if there is none yet, so the JWKS is never empty on a running service.
    func listFeedKeys(
        _ request: Metrology_Reports_V1_ListFeedKeysRequest, _ context: CallContext
    ) async throws -> Metrology_Reports_V1_ListFeedKeysResponse {
        let keys = try await database.transaction(logger: context.logger) { connection in
            _ = try await self.keys.signer(on: connection, logger: context.logger)
            return try await FeedKeyRing.publicKeys(on: connection, logger: context.logger)
        }
        var response = Metrology_Reports_V1_ListFeedKeysResponse()
        response.keys = keys.map { id, key in
            var jwk = Metrology_Reports_V1_FeedKey()
            jwk.kid = id
            jwk.kty = "OKP"
            jwk.crv = "Ed25519"
            jwk.x = Base64URL.encode(key.rawRepresentation)
            jwk.alg = "EdDSA"
            jwk.use = "sig"
            return jwk
        }
        return response
    }

    func createFeedConsumer(
        _ request: Metrology_Reports_V1_CreateFeedConsumerRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Reports_V1_CreatedFeedConsumer {
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FeedErrors.nameRequired
        }
        guard FeedConsumerCredentials.isRegionPrefix(request.regionPrefix) else { throw FeedErrors.regionInvalid }
        let caller = try context.caller()
        let id = UUID()
        let credentials = FeedConsumerCredentials.generate()
        try await FeedConsumerStore.insert(
            id, credentials: credentials, name: name, regionPrefix: request.regionPrefix, by: caller.userID, userName: caller.displayName,
            on: connection, logger: context.logger)
        try await context.audit(
            "feed_consumer.created", entityType: "feed_consumer", entityID: id.uuidString.lowercased(),
            summary: "新增数据接收方“\(name)”（行政区划 \(request.regionPrefix)，客户端 \(credentials.clientID)）", on: connection)
        guard let row = try await FeedConsumerStore.byID(id, on: connection, logger: context.logger) else { throw FeedErrors.storage }
        var response = Metrology_Reports_V1_CreatedFeedConsumer()
        response.consumer = row.message
        response.apiKey = credentials.apiKey
        return response
    }

    func listFeedConsumers(
        _ request: Metrology_Reports_V1_ListFeedConsumersRequest, _ context: CallContext
    ) async throws -> Metrology_Reports_V1_ListFeedConsumersResponse {
        let rows = try await database.withConnection { try await FeedConsumerStore.all(on: $0, logger: context.logger) }
        var response = Metrology_Reports_V1_ListFeedConsumersResponse()
        response.consumers = rows.map(\.message)
        return response
    }

    func disableFeedConsumer(
        _ request: Metrology_Reports_V1_DisableFeedConsumerRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Reports_V1_FeedConsumer {
        guard let id = UUID(uuidString: request.id), let row = try await FeedConsumerStore.byID(id, on: connection, logger: context.logger) else {
            throw FeedErrors.consumerNotFound
        }
        if !row.disabled {
            try await FeedConsumerStore.disable(id, on: connection, logger: context.logger)
            try await context.audit(
                "feed_consumer.disabled", entityType: "feed_consumer", entityID: id.uuidString.lowercased(),
                summary: "停用数据接收方“\(row.name)”（客户端 \(row.clientID)）", on: connection)
        }
        guard let updated = try await FeedConsumerStore.byID(id, on: connection, logger: context.logger) else { throw FeedErrors.consumerNotFound }
        return updated.message
    }
}
