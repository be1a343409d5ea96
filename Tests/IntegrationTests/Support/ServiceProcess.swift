import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real service executable started by a test, with its log in the test state folder. Its PID is recorded so the
/// test script can kill it if the test process dies first.
final class ServiceProcess: Sendable {
    let name: String
    let pid: pid_t
    let logFile: URL

    init(executable: String, name: String, environment: [String: String]) throws {
        self.name = name
        let logs = TestEnvironment.state.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        logFile = logs.appendingPathComponent("\(name).log")
        pid = try Spawn.start(TestEnvironment.binaries.appendingPathComponent(executable).path, environment: environment, logFile: logFile.path)
        try "\(pid)".write(to: TestEnvironment.state.appendingPathComponent("test-pids/\(name)"), atomically: true, encoding: .utf8)
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the log shows that the RPC consumer is connected.
    func waitUntilServing(timeout: Duration = .seconds(60)) async throws {
        let ready = try await eventually(timeout: timeout) { log.contains("AMQP connected") && log.contains("-rpc-") }
        guard ready else { throw TestFailure("\(name) did not start serving; log:\n\(log.suffix(3000))") }
        try await Task.sleep(for: .milliseconds(200))
    }

    /// SIGKILL: the process dies mid-work, as a crash would.
    func kill() async {
        Glibc.kill(pid, SIGKILL)
        _ = await Spawn.wait(pid)
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    func terminate(grace: Duration = .seconds(15)) async {
        let pid = self.pid
        guard Glibc.kill(pid, SIGTERM) == 0 else { return }
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await Spawn.wait(pid); return true
            }
            group.addTask { (try? await Task.sleep(for: grace)) != nil ? false : true }
            if await group.next() == false { Glibc.kill(pid, SIGKILL) }
            group.cancelAll()
            await group.waitForAll()
        }
    }
}
