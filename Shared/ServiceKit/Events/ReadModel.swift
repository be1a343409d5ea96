import Logging
import Persistence
public import PostgresNIO

/// A table (or a few) in a service's own schema kept from other services' events, e.g. the reports service's
/// statistics. It declares the events it applies, each with how (`handlers`: each handler writes into its own
/// tables and returns nil, a read model writes no audit entries), and how to empty its tables (`reset`). Applied
/// live by `ReadModelProjector.consumer` and rebuilt from the producers' event logs by `ReadModelProjector.rebuild`.
public protocol ReadModel: Sendable {
    /// Stable and unique within the service: the queue `metrology.<service>.events.<name>` and the inbox consumer
    /// `<service>.<name>`.
    var name: String { get }
    var handlers: EventHandlers { get }
    /// Empties the model's tables (a rebuild then replays every event into them).
    func reset(on connection: PostgresConnection, logger: Logger) async throws
}
