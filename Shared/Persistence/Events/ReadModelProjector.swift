import Contracts
import Logging
import Messaging
import PostgresNIO

/// Keeps one read model: applies events to it, each once (the same inbox claim as `InboxConsumer`, under the
/// consumer name `<service>.<model>`), and rebuilds it from scratch from its producers' event logs.
public struct ReadModelProjector<Model: ReadModel>: Sendable {
    public let model: Model
    public let service: String
    let database: PostgresClient
    let logger: Logger

    public init(model: Model, service: String, database: PostgresClient, logger: Logger) {
        self.model = model
        self.service = service
        self.database = database
        self.logger = logger
    }

    /// The inbox consumer name: the same for live deliveries and for a rebuild, so each event counts once.
    public var inbox: String { "\(service).\(model.name)" }

    /// The service that applies it live; pass it to the runtime's `run(…, services:)`.
    public func consumer(configuration: AMQPConfiguration, queueArguments: [String: AMQPHeaderValue] = [:], redelivery: (any RedeliveryTracker)?)
        -> InboxConsumer
    {
        InboxConsumer(
            service: service, subscriber: model.name, handlers: model.handlers, database: database, configuration: configuration,
            queueArguments: queueArguments, redelivery: redelivery, logger: logger)
    }

    /// Applies one event once; returns false when the model had it already. Throws `UndecodableEvent` for an event
    /// the model does not declare or cannot read.
    @discardableResult
    public func apply(_ envelope: Metrology_Common_V1_EventEnvelope) async throws -> Bool {
        try await InboxConsumer.apply(envelope, handlers: model.handlers, inbox: inbox, database: database, logger: logger)
    }

    /// Empties the model and replays every event it declares from the logs of their producers, in one transaction:
    /// readers see the old rows until the new ones are complete, and a rebuild that fails (an event in a log that
    /// does not decode) changes nothing. Events of one producer are applied in its order; events of different
    /// producers have no order between them, and a model must not depend on one.
    /// - Parameter logs: the event log of each producer the model's declarations name.
    /// - Returns: how many events were applied.
    @discardableResult
    public func rebuild(from logs: (String) -> any EventLog, pageSize: Int = 500) async throws -> Int {
        let handlers = model.handlers
        let producers = Set(handlers.declarations.map(\.producer)).sorted()
        let model = self.model
        let inbox = self.inbox
        let logger = self.logger
        let sources = producers.map { ($0, logs($0)) }
        return try await database.transaction(logger: logger) { connection in
            try await model.reset(on: connection, logger: logger)
            // Forgotten with the rows they built: the replay must apply them again.
            try await connection.query("DELETE FROM inbox WHERE consumer = \(inbox)", logger: logger)
            var applied = 0
            for (producer, log) in sources {
                var position: Int64 = 0
                while true {
                    let page = try await log.events(after: position, limit: pageSize)
                    for event in page where handlers.routingKeys.contains(event.envelope.type) {
                        let application = try handlers.application(of: event.envelope)
                        let context = EventContext(envelope: event.envelope, logger: logger)
                        if try await InboxConsumer.apply(application, context: context, inbox: inbox, on: connection) { applied += 1 }
                    }
                    guard let last = page.last, page.count == pageSize else { break }
                    position = last.position
                }
                logger.info("read model replayed a producer's log", metadata: ["model": "\(model.name)", "producer": "\(producer)"])
            }
            return applied
        }
    }
}
