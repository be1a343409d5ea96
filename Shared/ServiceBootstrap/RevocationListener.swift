public import Auth
public import Contracts
import Foundation
public import Logging
public import Messaging
public import ServiceLifecycle
import SwiftProtobuf

/// Keeps this instance's `RevocationList` current, so that logging out, disabling a user or a device ends their
/// tokens here within moments rather than when the tokens expire.
///
/// Each instance listens on its own exclusive, auto-deleted queue (every instance must see every revocation;
/// competing consumers would split them). Events missed while the queue did not exist (before start, during a broker
/// outage) are covered by a full resynchronisation from identity at start, after every reconnect and every
/// `resyncInterval`.
public final class RevocationListener: Service, Sendable {
    /// The events that end tokens early.
    public static let events: [any EventDeclaration] = [
        IdentityEvents.sessionRevoked, IdentityEvents.userDisabled, IdentityEvents.userDeleted, IdentityEvents.userTokensRevoked,
        DevicesEvents.deviceDisabled,
    ]
    public static var routingKeys: [String] { events.map(\.routingKey) }

    /// Fetches every revocation that still matters from identity.
    public typealias Loader = @Sendable () async throws -> Metrology_Identity_V1_ListRevocationsResponse

    private let revocations: RevocationList
    private let load: Loader
    private let connection: AMQPConnection
    private let triggers: AsyncStream<Void>
    private let trigger: AsyncStream<Void>.Continuation
    private let resyncInterval: Duration
    private let logger: Logger

    public convenience init(
        service: String, instanceID: String, configuration: AMQPConfiguration, client: RPCClient, revocations: RevocationList,
        resyncInterval: Duration = .seconds(30), logger: Logger
    ) {
        self.init(
            service: service, instanceID: instanceID, configuration: configuration, revocations: revocations, resyncInterval: resyncInterval,
            logger: logger
        ) { try await client.call(IdentityMethods.listRevocations, .init(), options: .init(timeout: .seconds(5))) }
    }

    public init(
        service: String, instanceID: String, configuration: AMQPConfiguration, revocations: RevocationList, resyncInterval: Duration = .seconds(30),
        logger: Logger, load: @escaping Loader
    ) {
        self.revocations = revocations
        self.load = load
        self.resyncInterval = resyncInterval
        self.logger = logger
        let (triggers, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.triggers = triggers
        self.trigger = trigger
        let queue = "metrology.\(service).revocations.\(instanceID)"
        connection = AMQPConnection(
            configuration: configuration.named("\(service)-revocations-\(instanceID)"),
            topology: AMQPTopology(
                exchanges: [.init(name: QueueNames.eventsExchange)],
                queues: [.init(name: queue, durable: false, exclusive: true, autoDelete: true)],
                bindings: Self.routingKeys.map { .init(queue: queue, exchange: QueueNames.eventsExchange, routingKey: $0) }, prefetch: 64,
                consumers: [.init(queue: queue, tag: "revocations-\(instanceID)", noAck: true)]),
            logger: logger,
            onDelivery: { delivery in
                // A revocation this instance cannot read may be one it must enforce: load the whole list again.
                if !Self.apply(delivery.body, to: revocations, logger: logger) { trigger.yield() }
            },
            onStateChange: { state in if case .connected = state { trigger.yield() } })
    }

    public func run() async throws {
        connection.start()
        let trigger = self.trigger
        let interval = resyncInterval
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The periodic resync; the stream also wakes on reconnects.
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    trigger.yield()
                }
            }
            await withGracefulShutdownHandler {
                var backoff = RetryBackoff()
                for await _ in triggers {
                    if await synchronize() {
                        backoff.reset()
                    } else {
                        // Until it works (at start: until this instance may serve at all), retry sooner than the
                        // periodic resync, backing off so that an absent identity is not hammered.
                        let pause = backoff.next()
                        group.addTask {
                            try? await Task.sleep(for: pause)
                            trigger.yield()
                        }
                    }
                    revocations.prune()
                }
            } onGracefulShutdown: {
                trigger.finish()
            }
            group.cancelAll()
        }
        await connection.close()
    }

    /// Loads every revocation that still matters from identity; returns whether it worked. The first success makes
    /// the list loaded: until then the verifier refuses every token as UNAVAILABLE and the health check fails.
    @discardableResult
    public func synchronize() async -> Bool {
        do {
            let response = try await load()
            for session in response.revokedSessionIds { revocations.revokeSession(session) }
            for user in response.revokedUsers { revocations.revokeUser(user.userID, since: user.since.date) }
            for device in response.revokedDevices { revocations.revokeDevice(device.userID, since: device.since.date) }
            if !revocations.isLoaded { logger.info("revocation list loaded", metadata: ["entries": "\(revocations.count)"]) }
            revocations.markLoaded()
            return true
        } catch {
            if revocations.isLoaded {
                logger.warning("revocation resync failed; will retry", metadata: ["error": "\(error)"])
            } else {
                logger.error("revocation list not loaded yet, refusing signed-in calls as UNAVAILABLE; will retry", metadata: ["error": "\(error)"])
            }
            return false
        }
    }

    /// Applies one event; returns false when it cannot be read (the caller then reloads the whole list). Events of
    /// other types are ignored: this queue only ever narrows access.
    @discardableResult
    static func apply(_ body: [UInt8], to revocations: RevocationList, logger: Logger) -> Bool {
        guard let envelope = try? Metrology_Common_V1_EventEnvelope(serializedBytes: body) else {
            logger.error("undecodable event on the revocation queue; reloading the revocation list", metadata: ["bytes": "\(body.count)"])
            return false
        }
        let userEvents = [IdentityEvents.userDisabled, IdentityEvents.userDeleted, IdentityEvents.userTokensRevoked]
        let applied: Bool
        if envelope.type == IdentityEvents.sessionRevoked.routingKey {
            applied = apply(IdentityEvents.sessionRevoked, envelope) { revocations.revokeSession($0.sessionID) }
        } else if let declaration = userEvents.first(where: { $0.routingKey == envelope.type }) {
            applied = apply(declaration, envelope) { revocations.revokeUser($0.userID, since: $0.at.date) }
        } else if envelope.type == DevicesEvents.deviceDisabled.routingKey {
            applied = apply(DevicesEvents.deviceDisabled, envelope) { revocations.revokeDevice($0.device.id, since: $0.at.date) }
        } else {
            logger.debug("ignoring event on the revocation queue", metadata: ["type": "\(envelope.type)"])
            applied = true
        }
        if !applied {
            logger.error(
                "undecodable revocation event; reloading the revocation list",
                metadata: ["type": "\(envelope.type)", "event_id": "\(envelope.eventID)"])
        }
        return applied
    }

    /// Decodes `envelope` by its declaration and applies it; false when it does not decode.
    private static func apply<Payload>(_ event: EventType<Payload>, _ envelope: Metrology_Common_V1_EventEnvelope, _ body: (Payload) -> Void) -> Bool
    {
        guard let payload = try? event.payload(of: envelope) else { return false }
        body(payload)
        return true
    }
}
