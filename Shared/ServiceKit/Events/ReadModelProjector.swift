public import Contracts
import Logging
public import Messaging
import Persistence
public import PostgresNIO
public import RPCCore

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
    public func consumer(
        configuration: AMQPConfiguration, queueArguments: [String: AMQPHeaderValue] = [:], redelivery: (any RedeliveryTracker)?
    )
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

    /// Empties the model and replays every event it declares from the logs of their producers, without holding a
    /// transaction open while a log is read (a log may be another service's, read over RPC, and no RPC may run inside
    /// a transaction):
    /// 1. one short transaction empties the model's tables and its inbox claims and marks it `rebuilding` in
    ///    `read_models` (readers see it empty or partial until it is `ready`; reports show that as lag);
    /// 2. per producer, in name order: a page of its log is fetched with no transaction open, then applied in one
    ///    transaction through the inbox claims (an event delivered live meanwhile is applied once, by whichever came
    ///    first) together with the position reached;
    /// 3. at the end the model is `ready`.
    /// A rebuild that died (a process killed, a log that could not be read, an event that does not decode) is
    /// resumed by the next call from the producer and position it stored. Events of one producer are applied in its
    /// order; events of different producers have no order between them, and a model must not depend on one.
    /// - Parameter logs: the event log of each producer the model's declarations name.
    /// - Returns: how many events this call applied.
    @discardableResult
    public func rebuild(from logs: (String) -> any EventLog, pageSize: Int = 500) async throws -> Int {
        let handlers = model.handlers
        let producers = Set(handlers.declarations.map(\.producer)).sorted()
        var progress = try await ReadModelState.resumable(model.name, database: database, logger: logger)
        if progress == nil {
            progress = try await start(first: producers.first)
        }
        guard var (producer, position) = progress else { return 0 }
        var applied = 0
        for source in producers where producer.map({ source >= $0 }) ?? false {
            if source != producer { (producer, position) = (source, 0) }
            let log = logs(source)
            while true {
                let page = try await log.events(after: position, limit: pageSize)
                applied += try await apply(page, producer: source, handlers: handlers)
                guard let last = page.last, page.count == pageSize else { break }
                position = last.position
            }
            logger.info("read model replayed a producer's log", metadata: ["model": "\(model.name)", "producer": "\(source)"])
        }
        try await ReadModelState.ready(model.name, database: database, logger: logger)
        return applied
    }

    /// Step 1: the model emptied, its claims forgotten (the replay must apply those events again) and marked
    /// rebuilding at the first producer, in one transaction.
    private func start(first producer: String?) async throws -> (String?, Int64) {
        let model = self.model
        let inbox = self.inbox
        let logger = self.logger
        try await database.transaction(logger: logger) { connection in
            try await model.reset(on: connection, logger: logger)
            try await connection.query("DELETE FROM inbox WHERE consumer = \(inbox)", logger: logger)
            try await ReadModelState.rebuilding(model.name, producer: producer, position: 0, on: connection, logger: logger)
        }
        return (producer, 0)
    }

    /// Step 2 for one page: its events applied through the inbox claims and the position stored, in one transaction.
    private func apply(_ page: [LoggedEvent], producer: String, handlers: EventHandlers) async throws -> Int {
        guard let last = page.last else { return 0 }
        let name = model.name
        let inbox = self.inbox
        let logger = self.logger
        return try await database.transaction(logger: logger) { connection in
            var applied = 0
            for event in page where handlers.routingKeys.contains(event.envelope.type) {
                let application = try handlers.application(of: event.envelope)
                let context = EventContext(envelope: event.envelope, logger: logger)
                if try await InboxConsumer.apply(application, context: context, inbox: inbox, on: connection) { applied += 1 }
            }
            try await ReadModelState.rebuilding(name, producer: producer, position: last.position, on: connection, logger: logger)
            return applied
        }
    }
}
