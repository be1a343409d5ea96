import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts and waits for child processes with posix_spawn and waitpid. Foundation's `Process` on Linux sometimes
/// never notices that a child exited (it stays a zombie and `waitUntilExit` hangs), which a test cannot afford.
enum Spawn {
    /// Starts `executable` with `arguments`, stdout and stderr appended to `logFile` (or inherited when nil).
    static func start(_ executable: String, _ arguments: [String] = [], environment: [String: String], logFile: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let logFile {
            posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for `pid` on a thread of its own (waitpid blocks) and returns its exit status.
    static func wait(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // WIFEXITED ? WEXITSTATUS : 128 + signal
                let exited = status & 0x7F == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
            }.start()
        }
    }

    /// Runs a command to completion; throws when it fails.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws {
        let pid = try start(executable, arguments, environment: environment)
        let status = await wait(pid)
        guard status == 0 else { throw TestFailure("\(executable) \(arguments.joined(separator: " ")) exited with \(status)") }
    }

    /// Runs a command to completion and returns what it wrote (stdout and stderr together), whatever its exit status:
    /// the caller asserts on the text (pdfsig reports an invalid signature with a non-zero status).
    static func output(_ executable: String, _ arguments: [String]) async throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try start(executable, arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], logFile: log)
        _ = await wait(pid)
        return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }

    /// Whether the process still exists (not yet reaped).
    static func isAlive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 }
}
