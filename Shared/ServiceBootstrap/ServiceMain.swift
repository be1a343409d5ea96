import Foundation

/// The one `main` of every executable (six services and the gateway): each `Main/main.swift` is a single
/// `await ServiceMain.run("name") { … }` that reads its configuration and runs its service, and this turns whatever
/// ends it into what an operator and a supervisor need: a line on standard error in Chinese and English, and an exit
/// code a supervisor can act on. Before, each main caught configuration errors itself (identity with its own copy),
/// and an error thrown later, a `ConfigurationError` from `prepare` included, ended the process with a stack trace.
///
/// - a `ConfigurationError`, whenever it is thrown: EX_CONFIG (78) — restarting will not help, the settings must change;
/// - any other error: 1 — the supervisor restarts the process with backoff (`deploy/local/supervise`);
/// - a normal return (SIGTERM, SIGINT): 0.
public enum ServiceMain {
    /// What the process says and exits with when `error` ends it.
    public struct Ending: Sendable, Equatable {
        public let exitCode: Int32
        public let message: String
    }

    public static func ending(of executable: String, by error: any Error) -> Ending {
        if let error = error as? ConfigurationError {
            return Ending(exitCode: ConfigurationError.exitCode, message: "\(executable): 配置错误 / configuration error: \(error.description)")
        }
        return Ending(exitCode: 1, message: "\(executable): 运行失败 / failed: \(String(reflecting: error))")
    }

    /// Runs `body` (read the configuration, build the service, run it) and exits with the code its ending calls for.
    public static func run(_ executable: String, _ body: () async throws -> Void) async -> Never {
        do {
            try await body()
            exit(0)
        } catch {
            let ending = ending(of: executable, by: error)
            FileHandle.standardError.write(Data((ending.message + "\n").utf8))
            exit(ending.exitCode)
        }
    }
}
