import Contracts
import Logging
public import Messaging
import Persistence
public import PostgresNIO
public import RPCCore
public import ServiceLifecycle

/// The one way a service consumes events. It binds the declared events of `handlers` on the service's durable queue
/// `metrology.<service>.events.<subscriber>` and, for each delivery:
/// 1. decodes it by its declaration; an undeclared type or a payload that is not its message goes to the
///    dead-letter queue with its reason (`EVENT_TYPE_UNDECLARED`, `EVENT_UNDECODABLE`), never acked unseen;
/// 2. in ONE transaction claims the event id in the inbox (a redelivery finds it claimed and changes nothing), runs
///    the handler with the event's trace, and appends the audit entry it returns;
/// 3. commits, then acks. A transient database failure (see `DatabaseFailure`) is requeued with a growing pause and
///    never dead-lettered; any other failure is retried a few times and then dead-lettered as poison.
public final class InboxConsumer: Service, Sendable {
    private let consumer: EventConsumer
    /// The inbox's consumer name, `<service>.<subscriber>`.
    public let name: String

    public init(
        service: String, subscriber: String, handlers: EventHandlers, database: PostgresClient, configuration: AMQPConfiguration,
        queueArguments: [String: AMQPHeaderValue] = [:], redelivery: (any RedeliveryTracker)?, prefetch: UInt16 = 16,
        maxDeliveries: Int = 5, retryPause: Duration = .seconds(1), logger: Logger
    ) {
        let name = "\(service).\(subscriber)"
        self.name = name
        consumer = EventConsumer(
            service: service, subscriber: subscriber, routingKeys: handlers.routingKeys, configuration: configuration, prefetch: prefetch,
            maxDeliveries: maxDeliveries, retryPause: retryPause, queueArguments: queueArguments, redelivery: redelivery, logger: logger,
            isTransient: Self.isTransient,
            handler: { envelope, logger in
                // An event whose database stopped answering is abandoned at the deadline and requeued, not held
                // unacked for good (the inbox claim makes the later redelivery apply it once).
                _ = try await withDeadline(Self.applyLimit, "applying \(envelope.type) \(envelope.eventID)") {
                    try await Self.apply(envelope, handlers: handlers, inbox: name, database: database, logger: logger)
                }
            })
    }

    public func run() async throws { try await consumer.run() }

    /// Longer than any event's transaction should take.
    static let applyLimit: Duration = .seconds(60)

    /// A database that failed or stopped answering is requeued with a growing pause, never dead-lettered.
    static func isTransient(_ error: any Error) -> Bool {
        DatabaseFailure.rpcError(for: error) != nil || error is DeadlineExceeded
    }

    public func waitUntilConnected(timeout: Duration) async -> Bool { await consumer.waitUntilConnected(timeout: timeout) }

    /// Decodes and applies one event once; returns whether it was applied now (false: the inbox had it already).
    @discardableResult
    static func apply(
        _ envelope: Metrology_Common_V1_EventEnvelope, handlers: EventHandlers, inbox: String, database: PostgresClient, logger: Logger
    ) async throws -> Bool {
        let application = try handlers.application(of: envelope)
        let context = EventContext(envelope: envelope, logger: logger)
        return try await database.transaction(logger: logger) { connection in
            try await Self.apply(application, context: context, inbox: inbox, on: connection)
        }
    }

    /// Claims the event in `inbox` and applies it with its audit entry, on a connection inside a transaction.
    static func apply(
        _ application: EventHandlers.Application, context: EventContext, inbox: String, on connection: PostgresConnection
    ) async throws -> Bool {
        guard try await Inbox.claim(eventID: context.eventID, consumer: inbox, on: connection, logger: context.logger) else {
            context.logger.debug("event already applied", metadata: ["inbox": "\(inbox)"])
            return false
        }
        if var audit = try await application(context, connection) {
            if audit.traceID.isEmpty { audit.traceID = context.trace?.traceID ?? "" }
            try await AuditTrail.append(audit, on: connection, logger: context.logger)
        }
        return true
    }
}
