import Contracts
import PostgresNIO
import ServiceKit

/// Tasks: ListTasks, GetTask, StartTask.
struct TaskHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
