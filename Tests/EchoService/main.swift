import Contracts
import Foundation
import ServiceBootstrap
import ServiceKit

// A service that exists for the framework's integration tests and the RPC benchmark. It consumes the queue
// `metrology.<METROLOGY_ECHO_QUEUE>.rpc` (default "echo") and keeps its data in the `echo` schema, so several
// tests can each run their own instances side by side.
//
// Its process runner has two switches for the process tests: METROLOGY_ECHO_EXIT_AFTER_STEP=<step> ends the process
// at once (no shutdown, as a crash) right after that step was recorded, holding the lease; and
// METROLOGY_ECHO_PROCESS_CLOCK_OFFSET=<seconds> runs the runner's clock ahead, so it finds such a lease run out
// without waiting for it.
var settings = ServiceSettings.fromEnvironmentOrExit(service: "echo")
settings.service = EnvironmentReader().string("METROLOGY_ECHO_QUEUE", default: "echo")
let runtime = ServiceRuntime(settings: settings)
let handlers = EchoHandlers(runtime: runtime)
let calls = EchoCallHandlers(runtime: runtime)
let exitAfterStep = EnvironmentReader().string("METROLOGY_ECHO_EXIT_AFTER_STEP", default: "")
let clockOffset = Double(EnvironmentReader().string("METROLOGY_ECHO_PROCESS_CLOCK_OFFSET", default: "0")) ?? 0
let runner = runtime.processRunner(
    [EchoCallHandlers.steps(queue: settings.service)], clock: { Date().addingTimeInterval(clockOffset) }, pollInterval: .milliseconds(200),
    afterStep: { recorded in
        if recorded.step == exitAfterStep { _exit(0) }
    })
try await runtime.run(
    migrations: try ServiceRuntime.migrations(in: .module),
    routes: { router in
        router.query(EchoMethods.echo, access: .anonymous, handlers.echo)
        router.register(EchoMethods.increment.fullName, handlers.increment)
        router.write(EchoMethods.bump, access: .anonymous, handlers.bump)
        router.query(EchoMethods.getCounter, access: .anonymous, handlers.getCounter)
        router.write(EchoMethods.numberedBump, access: .authenticated, prepare: calls.takeNumber, calls.numberedBump)
        router.write(EchoMethods.startSteps, access: .anonymous, calls.startSteps)
    },
    services: [runner])
