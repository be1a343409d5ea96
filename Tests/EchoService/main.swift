import Contracts
import Foundation
import ServiceKit

// A service that exists for the framework's integration tests and the RPC benchmark. It consumes the queue
// `metrology.<METROLOGY_ECHO_QUEUE>.rpc` (default "echo") and keeps its data in the `echo` schema, so several
// tests can each run their own instances side by side.
var settings = ServiceSettings.fromEnvironmentOrExit(service: "echo")
settings.service = EnvironmentReader().string("METROLOGY_ECHO_QUEUE", default: "echo")
let runtime = ServiceRuntime(settings: settings)
let handlers = EchoHandlers(runtime: runtime)
try await runtime.run(
    migrations: try ServiceRuntime.migrations(in: .module),
    routes: { router in
        router.query(EchoMethods.echo, access: .anonymous, handlers.echo)
        router.register(EchoMethods.increment.fullName, handlers.increment)
        router.write(EchoMethods.bump, access: .anonymous, handlers.bump)
        router.query(EchoMethods.getCounter, access: .anonymous, handlers.getCounter)
    })
