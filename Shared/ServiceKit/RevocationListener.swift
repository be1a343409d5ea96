import Auth
import Contracts
import Foundation
import Logging
import Messaging
import ServiceLifecycle
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
    public static let routingKeys = [
        "identity.session.revoked", "identity.user.disabled", "identity.user.deleted", "identity.user.tokens_revoked", "devices.device.disabled",
    ]

    private let revocations: RevocationList
    private let client: RPCClient
    private let connection: AMQPConnection
    private let triggers: AsyncStream<Void>
    private let trigger: AsyncStream<Void>.Continuation
    private let resyncInterval: Duration
    private let logger: Logger

    public init(
        service: String, instanceID: String, configuration: AMQPConfiguration, client: RPCClient, revocations: RevocationList,
        resyncInterval: Duration = .seconds(30), logger: Logger
    ) {
        self.revocations = revocations
        self.client = client
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
            onDelivery: { delivery in Self.apply(delivery.body, to: revocations, logger: logger) },
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
                for await _ in triggers {
                    await synchronize()
                    revocations.prune()
                }
            } onGracefulShutdown: {
                trigger.finish()
            }
            group.cancelAll()
        }
        await connection.close()
    }

    /// Loads every revocation that still matters from identity.
    func synchronize() async {
        do {
            let response = try await client.call(IdentityMethods.listRevocations, .init(), options: .init(timeout: .seconds(5)))
            for session in response.revokedSessionIds { revocations.revokeSession(session) }
            for user in response.revokedUsers { revocations.revokeUser(user.userID, since: user.since.date) }
            for device in response.revokedDevices { revocations.revokeDevice(device.userID, since: device.since.date) }
        } catch {
            logger.debug("revocation resync failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Applies one event. Unknown or undecodable events are ignored: this queue only ever narrows access.
    static func apply(_ body: [UInt8], to revocations: RevocationList, logger: Logger) {
        guard let envelope = try? Metrology_Common_V1_EventEnvelope(serializedBytes: body) else { return }
        switch envelope.type {
        case "identity.session.revoked":
            if let event = try? Metrology_Identity_V1_SessionRevoked(serializedBytes: envelope.payload) {
                revocations.revokeSession(event.sessionID)
            }
        case "identity.user.disabled", "identity.user.deleted", "identity.user.tokens_revoked":
            if let event = try? Metrology_Identity_V1_UserDisabled(serializedBytes: envelope.payload) {
                revocations.revokeUser(event.userID, since: event.at.date)
            }
        case "devices.device.disabled":
            if let event = try? Metrology_Devices_V1_DeviceChanged(serializedBytes: envelope.payload) {
                revocations.revokeDevice(event.device.id, since: event.at.date)
            }
        default:
            logger.debug("ignoring event on the revocation queue", metadata: ["type": "\(envelope.type)"])
        }
    }
}
