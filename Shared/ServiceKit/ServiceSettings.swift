import Foundation
import Logging
import Messaging
import Persistence

/// What every service executable reads at start-up.
public struct ServiceSettings: Sendable {
    public var service: String
    public var instanceID: String
    public var amqp: AMQPConfiguration
    public var database: DatabaseConfiguration
    /// Port of the Prometheus `/metrics` endpoint; 0 turns it off.
    public var metricsPort: Int
    public var metricsHost: String
    public var logLevel: Logger.Level
    public var prefetch: UInt16
    /// METROLOGY_RPC_HANDLERS [connection]: where request handlers run: `connection` (on the thread of the connection
    /// that read the request, no hand-over; Messaging's ConnectionExecutor) or `pool` (the global task pool).
    public var handlersOnConnectionThread: Bool
    /// METROLOGY_QUEUE_TYPE [classic]: `quorum` for a RabbitMQ cluster, where queues must survive a node's loss.
    /// Chosen at installation: RabbitMQ refuses to redeclare an existing queue with another type.
    public var queueType: String
    public var version: String

    /// Arguments for the durable queues this service declares.
    public var queueArguments: [String: AMQPHeaderValue] { queueType == "classic" ? [:] : ["x-queue-type": .string(queueType)] }

    public init(
        service: String, instanceID: String, amqp: AMQPConfiguration, database: DatabaseConfiguration, metricsPort: Int = 0,
        metricsHost: String = "127.0.0.1", logLevel: Logger.Level = .info, prefetch: UInt16 = 32, queueType: String = "classic",
        version: String = PlatformVersion.current, handlersOnConnectionThread: Bool = true
    ) {
        self.handlersOnConnectionThread = handlersOnConnectionThread
        self.service = service
        self.instanceID = instanceID
        self.amqp = amqp
        self.database = database
        self.metricsPort = metricsPort
        self.metricsHost = metricsHost
        self.logLevel = logLevel
        self.prefetch = prefetch
        self.queueType = queueType
        self.version = version
    }

    /// Environment variables (defaults in brackets):
    /// METROLOGY_AMQP_URL [amqp://guest:guest@127.0.0.1:5672/], METROLOGY_DB_HOST [127.0.0.1], METROLOGY_DB_PORT [5432],
    /// METROLOGY_DB_NAME [metrology], METROLOGY_DB_USER [metrology_<service>], METROLOGY_DB_PASSWORD [metrology_<service>],
    /// METROLOGY_DB_POOL [10], METROLOGY_METRICS_PORT [0 = off], METROLOGY_METRICS_HOST [127.0.0.1], METROLOGY_LOG_LEVEL [info],
    /// METROLOGY_RPC_PREFETCH [32], METROLOGY_RPC_HANDLERS [connection], METROLOGY_QUEUE_TYPE [classic],
    /// METROLOGY_INSTANCE_ID [<hostname>-<pid>].
    public static func fromEnvironment(service: String, _ environment: EnvironmentReader = EnvironmentReader()) throws -> ServiceSettings {
        let instanceID = environment.string(
            "METROLOGY_INSTANCE_ID", default: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)")
        let amqp = try AMQPConfiguration(
            url: environment.string("METROLOGY_AMQP_URL", default: "amqp://guest:guest@127.0.0.1:5672/"), connectionName: "\(service)-\(instanceID)")
        let database = DatabaseConfiguration(
            host: environment.string("METROLOGY_DB_HOST", default: "127.0.0.1"),
            port: try environment.int("METROLOGY_DB_PORT", default: 5432),
            database: environment.string("METROLOGY_DB_NAME", default: "metrology"),
            user: environment.string("METROLOGY_DB_USER", default: "metrology_\(service)"),
            password: environment.string("METROLOGY_DB_PASSWORD", default: "metrology_\(service)"),
            schema: service,
            maxConnections: try environment.int("METROLOGY_DB_POOL", default: 10))
        guard let level = Logger.Level(rawValue: environment.string("METROLOGY_LOG_LEVEL", default: "info")) else {
            throw ConfigurationError("METROLOGY_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        let prefetch = try environment.int("METROLOGY_RPC_PREFETCH", default: 32)
        guard (1...1000).contains(prefetch) else { throw ConfigurationError("METROLOGY_RPC_PREFETCH must be between 1 and 1000") }
        let handlers = environment.string("METROLOGY_RPC_HANDLERS", default: "connection")
        guard ["connection", "pool"].contains(handlers) else { throw ConfigurationError("METROLOGY_RPC_HANDLERS must be connection or pool") }
        let queueType = environment.string("METROLOGY_QUEUE_TYPE", default: "classic")
        guard ["classic", "quorum"].contains(queueType) else { throw ConfigurationError("METROLOGY_QUEUE_TYPE must be classic or quorum") }
        return ServiceSettings(
            service: service, instanceID: instanceID, amqp: amqp, database: database,
            metricsPort: try environment.int("METROLOGY_METRICS_PORT", default: 0),
            metricsHost: environment.string("METROLOGY_METRICS_HOST", default: "127.0.0.1"), logLevel: level, prefetch: UInt16(prefetch),
            queueType: queueType, handlersOnConnectionThread: handlers == "connection")
    }
}

public enum PlatformVersion {
    public static let current = "0.1.0"
}
