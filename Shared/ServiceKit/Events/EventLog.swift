public import Contracts
import Foundation
import Logging
import Persistence
public import PostgresNIO
import SwiftProtobuf

/// One event as a producer's log holds it: its place in that producer's order, and the envelope as published.
public struct LoggedEvent: Sendable {
    public let position: Int64
    public let envelope: Metrology_Common_V1_EventEnvelope

    public init(position: Int64, envelope: Metrology_Common_V1_EventEnvelope) {
        self.position = position
        self.envelope = envelope
    }
}

/// A producer's events in the order it published them, paged by position: what a read model is rebuilt from.
public protocol EventLog: Sendable {
    /// At most `limit` events after `position` (0: from the start), in position order; fewer than `limit` at the end.
    func events(after position: Int64, limit: Int) async throws -> [LoggedEvent]
}

/// The event log of the service whose schema `client` logs into: its outbox. Published rows are kept (the outbox is
/// the service's retained event log, see `OutboxRelay.prune`) and paged by `position`, which the relay gives a row
/// when it marks it published (`OutboxPositions`): positions become visible in increasing order, where ids (taken
/// before commit) do not. Rows without a position (not yet published, or set aside) are left out: a consumer has not
/// seen them yet and will get them live.
public struct OutboxEventLog: EventLog {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        let rows = try await client.query(
            """
            SELECT position, envelope FROM outbox WHERE position > \(position) ORDER BY position LIMIT \(limit)
            """, logger: logger)
        var events: [LoggedEvent] = []
        for try await (position, bytes) in rows.decode((Int64, Data).self) {
            events.append(LoggedEvent(position: position, envelope: try Metrology_Common_V1_EventEnvelope(serializedBytes: bytes)))
        }
        return events
    }
}
