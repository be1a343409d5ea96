import Contracts
import RecordsAPI

/// `/v1/tasks/{id}/submission|submit|review-submission|review`: the record's canonical content and digest to sign
/// (through `/v1/signatures/challenges`), its submission with the tester's receipt, and the review: pass with the
/// reviewer's receipt, or return with a reason.
extension RecordsRoutes {
    func prepareSubmission(_ input: Operations.PrepareSubmission.Input) async throws -> Operations.PrepareSubmission.Output {
        var message = Metrology_Records_V1_PrepareSubmissionRequest()
        message.taskID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.prepareSubmission, message)))))
    }

    func submitTask(_ input: Operations.SubmitTask.Input) async throws -> Operations.SubmitTask.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_SubmitTaskRequest()
        message.taskID = input.path.id
        message.receipt = body.receipt
        message.revision = body.revision
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.submitTask, message)))))
    }

    func prepareReview(_ input: Operations.PrepareReview.Input) async throws -> Operations.PrepareReview.Output {
        var message = Metrology_Records_V1_PrepareSubmissionRequest()
        message.taskID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.prepareReview, message)))))
    }

    /// A decision outside pass/return reaches the service, which refuses it with its own reason.
    func reviewTask(_ input: Operations.ReviewTask.Input) async throws -> Operations.ReviewTask.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_ReviewTaskRequest()
        message.taskID = input.path.id
        message.decision = body.decision
        message.reason = body.reason ?? ""
        message.receipt = body.receipt ?? ""
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.reviewTask, message)))))
    }
}
