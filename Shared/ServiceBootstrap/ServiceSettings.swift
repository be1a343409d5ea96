import Foundation
public import Logging
public import Messaging

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

    /// Environment variables (defaults in brackets; no secret has one):
    /// METROLOGY_AMQP_URL (required), METROLOGY_DB_HOST [127.0.0.1], METROLOGY_DB_PORT [5432], METROLOGY_DB_NAME [metrology],
    /// METROLOGY_DB_USER [metrology_<service>], METROLOGY_DB_PASSWORD (required when `usesDatabase`), METROLOGY_DB_POOL [10],
    /// METROLOGY_METRICS_PORT [0 = off], METROLOGY_METRICS_HOST [127.0.0.1], METROLOGY_LOG_LEVEL [info],
    /// METROLOGY_RPC_PREFETCH [METROLOGY_DB_POOL], METROLOGY_RPC_HANDLERS [connection], METROLOGY_QUEUE_TYPE [classic],
    /// METROLOGY_INSTANCE_ID [<hostname>-<pid>].
    ///
    /// - Parameter usesDatabase: false for an executable without a schema (the gateway): it needs no database password.
    public static func fromEnvironment(
        service: String, usesDatabase: Bool = true, _ environment: EnvironmentReader = EnvironmentReader()
    ) throws -> ServiceSettings {
        let instanceID = environment.string(
            "METROLOGY_INSTANCE_ID", default: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)")
        // No default broker account: guest:guest would be a password everyone knows.
        guard let amqpURL = environment.optional("METROLOGY_AMQP_URL") else {
            throw ConfigurationError("METROLOGY_AMQP_URL is required: the broker as amqp://user:password@host:port/vhost")
        }
        let amqp: AMQPConfiguration
        do {
            amqp = try AMQPConfiguration(url: amqpURL, connectionName: "\(service)-\(instanceID)")
        } catch {
            throw ConfigurationError("METROLOGY_AMQP_URL is not a valid amqp:// URL: \(AMQPConfiguration.redacted(amqpURL))")
        }
        // No default database password either (it used to be the role's name).
        let password = environment.optional("METROLOGY_DB_PASSWORD")
        guard password != nil || !usesDatabase else {
            throw ConfigurationError(
                "METROLOGY_DB_PASSWORD is required: the password of the database role \(environment.string("METROLOGY_DB_USER", default: "metrology_\(service)"))"
            )
        }
        let pool = try environment.int("METROLOGY_DB_POOL", default: 10)
        guard (1...1000).contains(pool) else { throw ConfigurationError("METROLOGY_DB_POOL must be between 1 and 1000") }
        let database = DatabaseConfiguration(
            host: environment.string("METROLOGY_DB_HOST", default: "127.0.0.1"),
            port: try environment.int("METROLOGY_DB_PORT", default: 5432),
            database: environment.string("METROLOGY_DB_NAME", default: "metrology"),
            user: environment.string("METROLOGY_DB_USER", default: "metrology_\(service)"),
            password: password ?? "",
            schema: service,
            maxConnections: pool)
        guard let level = Logger.Level(rawValue: environment.string("METROLOGY_LOG_LEVEL", default: "info")) else {
            throw ConfigurationError("METROLOGY_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        // In-flight handlers are kept within what the pool serves by the prefetch, not by a semaphore in front of the
        // pool: a request the instance cannot serve yet then waits in the broker, where another instance can take it,
        // instead of inside this one, where it can only wait for a connection until its deadline. So the default
        // prefetch is the pool size. A larger prefetch may still be set (handlers that need no connection, a
        // benchmark); a handler then waits for a connection no longer than its call's deadline (RPCServer).
        let prefetch = try environment.int("METROLOGY_RPC_PREFETCH", default: usesDatabase ? pool : 32)
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

    /// `fromEnvironment`, for the first line of a tool that does not run under `ServiceMain` (the echo service): a
    /// configuration mistake is said in one line on standard error and the process exits with EX_CONFIG (78).
    public static func fromEnvironmentOrExit(service: String, usesDatabase: Bool = true) -> ServiceSettings {
        do {
            return try fromEnvironment(service: service, usesDatabase: usesDatabase)
        } catch {
            let ending = ServiceMain.ending(of: service, by: error)
            FileHandle.standardError.write(Data((ending.message + "\n").utf8))
            exit(ending.exitCode)
        }
    }
}

public enum PlatformVersion {
    public static let current = "0.1.0"
}
