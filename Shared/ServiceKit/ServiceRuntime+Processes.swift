public import Foundation
import Persistence
import ServiceBootstrap

extension ServiceRuntime {
    /// A runner for this service's durable processes, to pass in `run(…, services:)`: it claims due processes of
    /// `kinds` in the service's schema, leased to this instance, and its steps call other services with the runtime's
    /// client. `concurrency` is how many steps run at once (certificates: one per converter). `clock` and `lease` are
    /// for tests (a second instance with a clock past the first one's lease resumes what the first left); `afterStep`
    /// too.
    public func processRunner(
        _ kinds: [ProcessKind], clock: @escaping @Sendable () -> Date = { Date() }, lease: Duration = .seconds(60),
        pollInterval: Duration = .seconds(1), concurrency: Int = 2,
        afterStep: @escaping @Sendable (ProcessRunner.RecordedStep) async -> Void = { _ in }
    ) -> ProcessRunner {
        ProcessRunner(
            service: settings.service, owner: settings.instanceID, database: database, client: client, kinds: kinds, logger: logger, clock: clock,
            lease: lease, pollInterval: pollInterval, concurrency: concurrency, afterStep: afterStep)
    }
}
