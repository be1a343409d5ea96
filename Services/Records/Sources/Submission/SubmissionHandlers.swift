import Contracts
import PostgresNIO
import ServiceKit

/// Submission and review: PrepareSubmission, SubmitTask, PrepareReview, ReviewTask.
struct SubmissionHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {}
}
