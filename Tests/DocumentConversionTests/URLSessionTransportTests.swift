import DocumentConversion
import Foundation
import Testing

/// The live transport against a local socket that accepts and never answers (a converter whose process hangs before
/// its own timeout could fire) and against a closed port.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct URLSessionTransportTests {
    @Test func aSilentServerTimesOut() async throws {
        let port = ConverterTestEnvironment.ownConverterPort - 1
        let silent = Process()
        silent.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        silent.arguments = [
            "-c",
            "import socket, time\ns = socket.create_server(('127.0.0.1', \(port)))\nprint('listening', flush=True)\n"
                + "while True:\n    c, _ = s.accept()\n    time.sleep(60)",
        ]
        let output = Pipe()
        silent.standardOutput = output
        try silent.run()
        defer {
            // SIGKILL: Foundation's Process starts children with SIGTERM blocked, and this one would sleep on.
            kill(silent.processIdentifier, SIGKILL)
            silent.waitUntilExit()
        }
        _ = output.fileHandleForReading.availableData  // "listening"
        let started = ContinuousClock.now
        await #expect(throws: ConverterTransportError.timedOut) {
            try await URLSessionTransport().send(URL(string: "http://127.0.0.1:\(port)/health")!, body: Data("x".utf8), timeout: .seconds(1))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let error = await #expect(throws: ConverterTransportError.self) {
            try await URLSessionTransport().send(URL(string: "http://127.0.0.1:1/health")!, body: nil, timeout: .seconds(5))
        }
        if case .unreachable = error {} else { Issue.record("expected unreachable, got \(String(describing: error))") }
    }
}
