import Foundation
import Messaging
import Persistence
import ServiceBootstrap

// bench rpc [--amqp-url URL] [--calls N] [--repeats N] [--callers 1,4,16] [--payload BYTES] [--callers-on client|pool] [--framework-only]
// Run it through `deploy/local/bench rpc`, which starts a private broker and builds in release mode.
// bench formulas [--records N] [--repeats N] [--sample N] [--python PATH] [--python-script PATH]
// Formula engine vs. Python's decimal on the fuel dispenser record; run from the repository root, release build.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print(
        "usage: bench rpc [--amqp-url URL] [--calls N] [--repeats N] [--callers 1,4,16] [--payload BYTES] [--callers-on client|pool] [--framework-only]"
    )
    print("       bench formulas [--records N] [--repeats N] [--sample N] [--python PATH] [--python-script PATH]")
    exit(2)
}
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

switch command {
case "rpc":
    var benchmark = RPCBenchmark(
        configuration: try AMQPConfiguration(
            url: option("--amqp-url") ?? ProcessInfo.processInfo.environment["METROLOGY_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"))
    if let calls = option("--calls").flatMap(Int.init) { benchmark.totalCalls = calls }
    if let repeats = option("--repeats").flatMap(Int.init) { benchmark.repeats = repeats }
    if let payload = option("--payload").flatMap(Int.init) { benchmark.payloadSize = payload }
    if let callers = option("--callers") { benchmark.callerCounts = callers.split(separator: ",").compactMap { Int($0) } }
    if let place = option("--callers-on") {
        guard ["client", "pool"].contains(place) else { print("--callers-on must be client or pool"); exit(2) }
        benchmark.callersOnClientThread = place == "client"
    }
    benchmark.frameworkOnly = arguments.contains("--framework-only")
    try await benchmark.run()
case "numbering":
    let environment = ProcessInfo.processInfo.environment
    var benchmark = NumberingBenchmark(
        configuration: try AMQPConfiguration(url: option("--amqp-url") ?? environment["METROLOGY_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"),
        baselineDatabase: DatabaseConfiguration(
            port: option("--db-port").flatMap(Int.init) ?? 5432, user: "metrology_bench", password: option("--db-password") ?? "", schema: "bench",
            maxConnections: 40),
        adminPassword: option("--admin-password") ?? environment["METROLOGY_ADMIN_PASSWORD"] ?? "")
    if let callers = option("--callers").flatMap(Int.init) { benchmark.callers = callers }
    if let perCaller = option("--per-caller").flatMap(Int.init) { benchmark.perCaller = perCaller }
    if let label = option("--label") { benchmark.label = label }
    try await benchmark.run()
case "formulas":
    var benchmark = FormulaBenchmark()
    if let records = option("--records").flatMap(Int.init) { benchmark.records = records }
    if let repeats = option("--repeats").flatMap(Int.init) { benchmark.repeats = repeats }
    if let sample = option("--sample").flatMap(Int.init) { benchmark.sample = sample }
    if let python = option("--python") { benchmark.python = python }
    if let script = option("--python-script") { benchmark.script = script }
    try benchmark.run()
default:
    print("unknown benchmark '\(command)'; available: rpc, numbering, formulas")
    exit(2)
}
