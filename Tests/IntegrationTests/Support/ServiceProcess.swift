import Foundation

/// A real service executable started by a test, with its log in the test state folder. Its PID is recorded so the
/// test script can kill it if the test process dies first.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let logFile: URL

    init(executable: String, name: String, environment: [String: String]) throws {
        self.name = name
        let logs = TestEnvironment.state.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        logFile = logs.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = TestEnvironment.binaries.appendingPathComponent(executable)
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try "\(process.processIdentifier)".write(
            to: TestEnvironment.state.appendingPathComponent("test-pids/\(name)"), atomically: true, encoding: .utf8)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the log shows that the RPC consumer is connected.
    func waitUntilServing(timeout: Duration = .seconds(60)) async throws {
        let ready = try await eventually(timeout: timeout) { log.contains("AMQP connected") && log.contains("-rpc-") }
        guard ready else { throw TestFailure("\(name) did not start serving; log:\n\(log.suffix(3000))") }
        try await Task.sleep(for: .milliseconds(200))
    }

    /// SIGKILL: the process dies mid-work, as a crash would.
    func kill() {
        Foundation.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait: a graceful shutdown.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { Foundation.kill(pid, SIGKILL) }
    }
}
