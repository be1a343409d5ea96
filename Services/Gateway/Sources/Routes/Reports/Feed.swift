import Contracts
import Foundation
import ReportsAPI
import SwiftProtobuf

/// `/v1/feeds/*`: the verification-results feed (Docs/feed.md). The pull read is public at the gateway (no user
/// token: `RequestScopeMiddleware.publicPaths`) and authenticated by the service with the consumer's key from
/// `X-Feed-Key`; the JWKS is public; consumers are managed with setup.manage, checked by the service.
extension ReportsRoutes {
    static let feedPublicPaths: Set<String> = ["/v1/feeds/verification-results", "/v1/feeds/keys"]

    func readVerificationFeed(_ input: Operations.ReadVerificationFeed.Input) async throws -> Operations.ReadVerificationFeed.Output {
        var request = Metrology_Reports_V1_ReadFeedRequest()
        request.apiKey = input.headers.xFeedKey
        request.after = input.query.after ?? ""
        request.limit = input.query.limit ?? 0
        let response = try await call(ReportsMethods.readFeed, request)
        let entries = try response.entries.map { entry in
            Components.Schemas.FeedEntry(
                sequence: entry.sequence, _type: entry.type, jws: entry.jws,
                entry: try JSONDecoder().decode(Components.Schemas.FeedEntry.EntryPayload.self, from: Data(entry.entryJson.utf8)))
        }
        return .ok(.init(body: .json(.init(entries: entries, nextCursor: response.nextCursor, regionPrefix: response.regionPrefix))))
    }

    func listFeedKeys(_ input: Operations.ListFeedKeys.Input) async throws -> Operations.ListFeedKeys.Output {
        let response = try await call(ReportsMethods.listFeedKeys, Metrology_Reports_V1_ListFeedKeysRequest())
        return .ok(
            .init(
                body: .json(
                    .init(keys: response.keys.map { .init(kty: $0.kty, crv: $0.crv, x: $0.x, kid: $0.kid, alg: $0.alg, use: $0.use) }))))
    }

    func listFeedConsumers(_ input: Operations.ListFeedConsumers.Input) async throws -> Operations.ListFeedConsumers.Output {
        let response = try await call(ReportsMethods.listFeedConsumers, Metrology_Reports_V1_ListFeedConsumersRequest())
        return .ok(.init(body: .json(.init(consumers: response.consumers.map(Components.Schemas.FeedConsumer.init)))))
    }

    func createFeedConsumer(_ input: Operations.CreateFeedConsumer.Input) async throws -> Operations.CreateFeedConsumer.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var request = Metrology_Reports_V1_CreateFeedConsumerRequest()
        request.name = body.name
        request.regionPrefix = body.regionPrefix
        let response = try await call(ReportsMethods.createFeedConsumer, request)
        return .ok(.init(body: .json(.init(consumer: .init(response.consumer), apiKey: response.apiKey))))
    }

    func disableFeedConsumer(_ input: Operations.DisableFeedConsumer.Input) async throws -> Operations.DisableFeedConsumer.Output {
        var request = Metrology_Reports_V1_DisableFeedConsumerRequest()
        request.id = input.path.id
        return .ok(.init(body: .json(.init(try await call(ReportsMethods.disableFeedConsumer, request)))))
    }
}

extension Components.Schemas.FeedConsumer {
    init(_ consumer: Metrology_Reports_V1_FeedConsumer) {
        self.init(
            id: consumer.id, clientId: consumer.clientID, name: consumer.name, regionPrefix: consumer.regionPrefix, disabled: consumer.disabled,
            createdAt: consumer.createdAt.date, createdByName: consumer.createdByName,
            lastReadAt: consumer.hasLastReadAt ? consumer.lastReadAt.date : nil)
    }
}
