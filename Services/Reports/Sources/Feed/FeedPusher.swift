import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceLifecycle

/// The push side of the feed: every entry, in sequence order, to the durable topic exchange
/// `feeds.verification-results`, after its transaction committed (it reads only committed rows, so it is an outbox
/// of its own: the entries table is the outbox and `feed_push_position` its mark). The routing key is
/// `<type>.<province>.<city>.<county>` from the region code (e.g. `result.42.4205.420502`), so a provincial platform
/// binds `*.42.#` and a city `*.42.4205.#`. The body is the entry's compact JWS; the message id `feed-<sequence>`.
///
/// One instance publishes at a time (the position row is locked for the batch); a batch is marked only after the
/// broker confirmed every message in it, so delivery is at least once and in order: a consumer drops a sequence it
/// has seen.
final class FeedPusher: Service, Sendable {
    static let exchange = "feeds.verification-results"

    private let connection: AMQPConnection
    private let database: PostgresClient
    private let logger: Logger
    private let idle: Duration

    init(configuration: AMQPConfiguration, database: PostgresClient, logger: Logger, idle: Duration = .seconds(1)) {
        connection = AMQPConnection(
            configuration: configuration, topology: AMQPTopology(exchanges: [.init(name: Self.exchange)], publisherConfirms: true), logger: logger)
        self.database = database
        self.logger = logger
        self.idle = idle
    }

    func run() async throws {
        connection.start()
        defer { Task { await self.connection.close() } }
        var backoff = Duration.milliseconds(500)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let published = try await pushBatch()
                backoff = .milliseconds(500)
                if published == 0 { try? await Task.sleep(for: idle) }
            } catch {
                logger.warning("feed push failed; will retry", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
            }
        }
    }

    /// Publishes up to 100 entries after the mark and moves the mark; the number published.
    func pushBatch() async throws -> Int {
        guard connection.isConnected else { return 0 }
        return try await database.transaction(logger: logger) { connection in
            // Another instance holds the mark: it is publishing, this one waits for the next round.
            var position: Int64?
            for try await value in try await connection.query("SELECT sequence FROM feed_push_position FOR UPDATE SKIP LOCKED", logger: logger)
                .decode(Int64.self)
            {
                position = value
            }
            guard let position else { return 0 }
            let batch = try await FeedStore.pushBatch(after: position, limit: 100, on: connection, logger: logger)
            guard let last = batch.last else { return 0 }
            for (entry, region) in batch {
                try await self.connection.publish(Self.message(entry, region: region), confirm: true)
            }
            try await connection.query("UPDATE feed_push_position SET sequence = \(last.0.sequence)", logger: logger)
            return batch.count
        }
    }

    static func routingKey(type: String, region: String) -> String {
        let digits = region.utf8.count == 6 && region.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? region : "000000"
        return "\(type).\(digits.prefix(2)).\(digits.prefix(4)).\(digits)"
    }

    static func message(_ entry: FeedStore.Entry, region: String) -> AMQPOutgoing {
        AMQPOutgoing(
            exchange: exchange, routingKey: routingKey(type: entry.type, region: region),
            properties: AMQPProperties(
                contentType: "application/jose", messageID: "feed-\(entry.sequence)", type: entry.type, appID: "reports", persistent: true,
                headers: ["sequence": .int(entry.sequence)]),
            body: Array(entry.jws.utf8))
    }
}
