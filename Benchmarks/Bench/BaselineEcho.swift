import CBaselineEcho
import Foundation

/// Drives the C baseline (Benchmarks/CBaselineEcho): one echo server thread, one connection and thread per caller.
final class BaselineEcho: @unchecked Sendable {
    let host: String
    let port: Int
    let queue: String
    private let stop = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private let serverDone = DispatchSemaphore(value: 0)

    init(host: String, port: Int, queue: String = "bench.baseline.rpc") {
        self.host = host
        self.port = port
        self.queue = queue
        stop.pointee = 0
    }

    deinit { stop.deallocate() }

    func startServer(prefetch: Int32) {
        let thread = Thread { [self] in
            var error = [CChar](repeating: 0, count: 256)
            if baseline_echo_server(host, Int32(port), queue, prefetch, stop, &error) != 0 {
                FileHandle.standardError.write(Data("baseline server: \(String(cString: error))\n".utf8))
            }
            serverDone.signal()
        }
        thread.start()
    }

    func stopServer() {
        stop.pointee = 1
        serverDone.wait()
    }

    /// Runs `callers` threads making `callsPerCaller` calls each; returns the latencies and the wall time.
    func run(callers: Int, callsPerCaller: Int, payloadSize: Int) -> LatencyStats {
        let results = UnsafeMutablePointer<Int64>.allocate(capacity: callers * callsPerCaller)
        defer { results.deallocate() }
        let group = DispatchGroup()
        let start = DispatchTime.now()
        for caller in 0..<callers {
            group.enter()
            // Each thread writes only its own slice; the group's wait orders those writes before the reads below.
            nonisolated(unsafe) let slice = results + caller * callsPerCaller
            let thread = Thread { [host, port, queue] in
                var error = [CChar](repeating: 0, count: 256)
                if baseline_echo_client(host, Int32(port), queue, Int32(callsPerCaller), Int32(payloadSize), slice, &error) != 0 {
                    FileHandle.standardError.write(Data("baseline client: \(String(cString: error))\n".utf8))
                    exit(1)
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return LatencyStats(nanoseconds: Array(UnsafeBufferPointer(start: results, count: callers * callsPerCaller)), seconds: seconds)
    }
}
