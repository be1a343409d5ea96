import Foundation
import Messaging

// bench rpc [--amqp-url URL] [--calls N] [--repeats N] [--callers 1,4,16] [--payload BYTES]
// Run it through `deploy/local/bench rpc`, which starts a private broker and builds in release mode.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print("usage: bench rpc [--amqp-url URL] [--calls N] [--repeats N] [--callers 1,4,16] [--payload BYTES]")
    exit(2)
}
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

switch command {
case "rpc":
    var benchmark = RPCBenchmark(
        configuration: try AMQPConfiguration(url: option("--amqp-url") ?? ProcessInfo.processInfo.environment["METROLOGY_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"))
    if let calls = option("--calls").flatMap(Int.init) { benchmark.totalCalls = calls }
    if let repeats = option("--repeats").flatMap(Int.init) { benchmark.repeats = repeats }
    if let payload = option("--payload").flatMap(Int.init) { benchmark.payloadSize = payload }
    if let callers = option("--callers") { benchmark.callerCounts = callers.split(separator: ",").compactMap { Int($0) } }
    try await benchmark.run()
default:
    print("unknown benchmark '\(command)'; available: rpc")
    exit(2)
}
