import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import Testing

/// A service's retained event log, read by another over EventLog/ListEvents (issue 15): service callers page it by
/// position, a person's token is refused, and a read model in another schema is rebuilt from it.
@Suite("Event log", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct EventLogTests {
    @Test("identity's log pages its events by position for a service caller and refuses a person's token with EVENT_LOG_SERVICE_ONLY")
    func listEvents() async throws {
        let fx = try await IdentityFixtures.make("event-log")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("evlog", roles: [])
        let log = RemoteEventLog(client: fx.client, service: "identity")
        #expect(
            try await eventually {
                try await Self.all(log, pageSize: 50).contains {
                    $0.envelope.type == IdentityEvents.userCreated.routingKey && $0.envelope.subject == user.id
                }
            })
        let events = try await Self.all(log, pageSize: 50)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.position < $1.position })

        let refused = await #expect(throws: RPCError.self) {
            _ = try await fx.client.call(EventLogMethods.listEvents("identity"), .init(), options: .init(accessToken: fx.adminToken))
        }
        #expect(refused?.reason == "EVENT_LOG_SERVICE_ONLY")
        var tooMany = Metrology_Common_V1_ListEventsRequest()
        tooMany.limit = 1001
        let invalid = await #expect(throws: RPCError.self) { _ = try await fx.client.call(EventLogMethods.listEvents("identity"), tooMany) }
        #expect(invalid?.reason == "PAGE_SIZE_INVALID")
    }

    @Test("a read model in another schema rebuilt from identity's log over RPC holds every user created")
    func remoteRebuild() async throws {
        let fx = try await IdentityFixtures.make("event-log-rebuild")
        defer { Task { await fx.close() } }
        let created = [try await fx.createUser("rma", roles: []), try await fx.createUser("rmb", roles: [])]
        let log = RemoteEventLog(client: fx.client, service: "identity")
        #expect(try await eventually { Set(try await Self.all(log, pageSize: 100).map(\.envelope.subject)).isSuperset(of: created.map(\.id)) })
        let model = UsersSeen(table: "readmodel_users_\(UUID().uuidString.prefix(8).lowercased())")
        try await withEchoDatabase { database in
            let logger = TestEnvironment.logger
            try await database.query(
                PostgresQuery(unsafeSQL: "CREATE TABLE \(model.table) (user_id text PRIMARY KEY, username text NOT NULL)"), logger: logger)
            let projector = ReadModelProjector(model: model, service: "echo", database: database, logger: logger)
            let applied = try await projector.rebuild(from: { RemoteEventLog(client: fx.client, service: $0) }, pageSize: 25)
            let rows = try await database.query(PostgresQuery(unsafeSQL: "SELECT user_id, username FROM \(model.table)"), logger: logger)
            var seen: [String: String] = [:]
            for try await (id, name) in rows.decode((String, String).self) { seen[id] = name }
            #expect(applied == seen.count)
            for user in created { #expect(seen[user.id] == user.username) }
            // Rebuilt again: the same rows, not twice as many.
            // Rebuilt again (other tests may have created users since): one row per user created, none twice.
            let again = try await projector.rebuild(from: { RemoteEventLog(client: fx.client, service: $0) })
            #expect(again >= applied)
            let count = try await database.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(model.table)"), logger: logger)
            for try await total in count.decode(Int.self) { #expect(total == again) }
            try await database.query(PostgresQuery(unsafeSQL: "DROP TABLE \(model.table)"), logger: logger)
        }
    }

    @Test("an event committed after a higher id was logged still appears to a reader that has read past that id")
    func lateCommitIsNotSkipped() async throws {
        let event = EventType<Metrology_Testing_V1_CounterBumped>(testRoutingKey: "testing.late\(UUID().uuidString.prefix(8).lowercased()).bumped")
        try await withEchoDatabase { database in
            let logger = TestEnvironment.logger
            let log = OutboxEventLog(client: database, logger: logger)
            let (appended, appendedSignal) = AsyncStream<Int64>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            // The earlier writer: its row takes the lower id, and its transaction stays open until released.
            let early = Task {
                try await database.transaction(logger: logger) { connection in
                    let id = try await Self.append(event, "early", on: connection)
                    appendedSignal.yield(id)
                    for await _ in release { break }
                    return id
                }
            }
            var ids = appended.makeAsyncIterator()
            guard let earlyID = await ids.next() else { throw TestFailure("the early writer did not append") }
            let lateID = try await database.transaction(logger: logger) { connection in try await Self.append(event, "late", on: connection) }
            #expect(earlyID < lateID)
            try await Self.publish(lateID, database)
            // The reader reads up to the later row, past the lower id still uncommitted.
            let before = try await Self.all(log, pageSize: 1000)
            let late = try #require(before.first { $0.envelope.subject == "late" && $0.envelope.type == event.routingKey })
            #expect(!before.contains { $0.envelope.subject == "early" && $0.envelope.type == event.routingKey })
            let readPast = before.last?.position ?? late.position

            releaseSignal.yield()
            #expect(try await early.value == earlyID)
            try await Self.publish(earlyID, database)
            let after = try await Self.all(log, pageSize: 1000, from: readPast)
            #expect(after.contains { $0.envelope.subject == "early" && $0.envelope.type == event.routingKey })
        }
    }

    static func append(
        _ event: EventType<Metrology_Testing_V1_CounterBumped>, _ counter: String, on connection: PostgresConnection
    ) async throws -> Int64 {
        var payload = Metrology_Testing_V1_CounterBumped()
        payload.counter = counter
        let eventID = try await Outbox.append(
            event, subject: counter, payload: payload, trace: .random(), on: connection, logger: TestEnvironment.logger)
        let rows = try await connection.query("SELECT id FROM outbox WHERE event_id = \(eventID)", logger: TestEnvironment.logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw TestFailure("appended row not found")
    }

    /// What the relay does once the broker confirmed the row (the service's own relay may have done it already).
    static func publish(_ id: Int64, _ database: PostgresClient) async throws {
        try await database.transaction(logger: TestEnvironment.logger) { connection in
            try await OutboxPositions.markPublished([id], on: connection, logger: TestEnvironment.logger)
        }
    }

    static func all(_ log: any EventLog, pageSize: Int, from start: Int64) async throws -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        while true {
            let page = try await log.events(after: events.last?.position ?? start, limit: pageSize)
            events += page
            if page.count < pageSize { return events }
        }
    }

    static func all(_ log: any EventLog, pageSize: Int) async throws -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        while true {
            let page = try await log.events(after: events.last?.position ?? 0, limit: pageSize)
            events += page
            if page.count < pageSize { return events }
        }
    }
}

/// A read model of identity's users, kept in the echo schema for the test.
struct UsersSeen: ReadModel {
    let table: String
    var name: String { table }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        let table = self.table
        handlers.on(IdentityEvents.userCreated) { event, context, connection in
            var binds = PostgresBindings()
            binds.append(event.user.id)
            binds.append(event.user.username)
            try await connection.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(table) (user_id, username) VALUES ($1, $2) ON CONFLICT DO NOTHING", binds: binds),
                logger: context.logger)
            return nil
        }
        return handlers
    }

    func reset(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger)
    }
}
