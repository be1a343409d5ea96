import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceBootstrap

/// The private PostgreSQL and RabbitMQ that `deploy/local/test` started, and the binaries it built.
/// Integration tests are skipped when run outside that script (plain `swift test`). The script sets
/// `METROLOGY_TEST_REQUIRED=1`: there a missing environment stops the run with a message instead of skipping every
/// integration suite silently and reporting success.
enum TestEnvironment {
    static let values = ProcessInfo.processInfo.environment
    static var isAvailable: Bool {
        switch availability(in: values) {
        case .available: return true
        case .skipped: return false
        case .missing(let names):
            // `.enabled(if:)` cannot fail a test, and every suite asks this; stopping the whole run is the loud answer.
            fatalError(
                "METROLOGY_TEST_REQUIRED=1 but the test environment is incomplete (missing \(names.joined(separator: ", "))); run the tests through deploy/local/test"
            )
        }
    }

    /// The variables `deploy/local/test` exports that the integration tests read.
    static let requiredVariables = [
        "METROLOGY_TEST_STATE", "METROLOGY_TEST_BIN", "METROLOGY_TEST_ROOT", "METROLOGY_TEST_AMQP_PORT", "METROLOGY_TEST_PG_PORT",
    ]

    enum Availability: Equatable {
        case available
        case skipped
        case missing([String])
    }

    /// Whether the integration tests can run with `environment`: all variables set, none (skip: a plain
    /// `swift test`), or some missing — which is a failure when the environment is required, and a skip otherwise.
    static func availability(in environment: [String: String]) -> Availability {
        let missing = requiredVariables.filter { (environment[$0] ?? "").isEmpty }
        if missing.isEmpty { return .available }
        return environment["METROLOGY_TEST_REQUIRED"] == "1" ? .missing(missing) : .skipped
    }

    static var state: URL { URL(fileURLWithPath: values["METROLOGY_TEST_STATE"]!) }
    static var binaries: URL { URL(fileURLWithPath: values["METROLOGY_TEST_BIN"]!) }
    static var root: URL { URL(fileURLWithPath: values["METROLOGY_TEST_ROOT"]!) }
    static var amqpPort: Int { Int(values["METROLOGY_TEST_AMQP_PORT"]!)! }
    static var pgPort: Int { Int(values["METROLOGY_TEST_PG_PORT"]!)! }
    static var amqpURL: String { "amqp://guest:guest@127.0.0.1:\(amqpPort)/" }

    static func amqp(_ name: String) -> AMQPConfiguration {
        var configuration = try! AMQPConfiguration(url: amqpURL, connectionName: name)
        configuration.reconnectBackoff = .milliseconds(100)...(.milliseconds(500))
        return configuration
    }

    static func secret(_ name: String) -> String {
        (try? String(contentsOf: state.appendingPathComponent("secrets/\(name)"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? ""
    }

    /// The service role's configuration: it owns `schema` and reaches nothing else.
    static func database(schema: String) -> DatabaseConfiguration {
        DatabaseConfiguration(port: pgPort, user: "metrology_\(schema)", password: secret("db-\(schema)"), schema: schema)
    }

    /// Environment variables for a service process, as deploy/local/lib.sh sets them.
    static func serviceEnvironment(service: String, schema: String? = nil, instance: String) -> [String: String] {
        let schema = schema ?? service
        return [
            "METROLOGY_AMQP_URL": amqpURL, "METROLOGY_DB_PORT": "\(pgPort)", "METROLOGY_DB_USER": "metrology_\(schema)",
            "METROLOGY_DB_PASSWORD": secret("db-\(schema)"), "METROLOGY_INSTANCE_ID": instance, "METROLOGY_LOG_LEVEL": "info",
            "PATH": values["PATH"] ?? "/usr/bin:/bin",
            // The certificates service renders through the converters deploy/local/test started.
            "METROLOGY_CONVERTER_URLS": values["METROLOGY_TEST_CONVERTER_URLS"] ?? "",
            "METROLOGY_PUBLIC_CHECK_URL": "http://localhost:\(values["METROLOGY_TEST_HTTP_PORT"] ?? "56080")/check",
        ]
    }

    /// Runs `deploy/local/broker` (rabbitmqctl) against the test broker, e.g. `stop_app`.
    static func broker(_ arguments: String...) async throws {
        try await script("deploy/local/broker", arguments)
    }

    /// Runs one of the stack's control scripts (deploy/local/broker, deploy/local/pg) against the test stack.
    static func script(_ path: String, _ arguments: [String]) async throws {
        try await Spawn.run(
            root.appendingPathComponent(path).path, arguments,
            environment: values.merging(["METROLOGY_STACK": values["METROLOGY_TEST_STACK"] ?? "test", "METROLOGY_PG_FSYNC": "off"]) { _, new in new })
    }

    static var logger: Logger {
        var logger = Logger(label: "tests")
        logger.logLevel = .warning
        return logger
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it is true or `timeout` passes.
func eventually(
    isolation: isolated (any Actor)? = #isolation, timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let end = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < end {
        if (try? await condition()) == true { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}
