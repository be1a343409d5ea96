import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/commissions*` and `/v1/tasks*`: commissions, tasks and their raw records on the records service — views and
/// filters, cells and decimal text, offline outcomes, the digest to sign and the review map onto the RPCs unchanged.
@Suite struct RecordsTasksRoutesTests {
    let gateway = TestGateway()

    static func commission(state: String = "received") -> Metrology_Records_V1_Commission {
        var commission = Metrology_Records_V1_Commission()
        commission.id = "cm-1"
        commission.number = "WT20261202-0001"
        commission.customerID = "c-1"
        commission.source = "appointment"
        commission.requestedOn = "2026-12-03"
        commission.state = state
        var line = Metrology_Records_V1_CommissionLine()
        line.id = "l-1"
        line.instrumentID = "in-1"
        line.taskID = state == "accepted" ? "t-1" : ""
        commission.lines = [line]
        commission.createdAt = .init(seconds: 1_714_550_400)
        return commission
    }

    static func task(state: String = "in_progress") -> Metrology_Records_V1_Task {
        var task = Metrology_Records_V1_Task()
        task.id = "t-1"
        task.itemCode = "fuel_dispenser"
        task.state = state
        task.revision = 4
        task.rawRecordNumber = "YS20261202-0001"
        var value = Metrology_Records_V1_RecordValue()
        value.cell.itemCode = "v_indicated"
        value.cell.point = 1
        value.cell.run = 2
        value.value = "20.00"
        value.unit = "L"
        value.capturedAt = .init(seconds: 1_714_550_400)
        task.values = [value]
        var computed = Metrology_Records_V1_ComputedValue()
        computed.cell.itemCode = "error"
        computed.kind = "computed"
        computed.value = "0.12"
        computed.type = "number"
        task.computed = [computed]
        task.nextStep.cell.itemCode = "v_standard"
        task.nextStep.title = "标准器示值"
        task.createdAt = .init(seconds: 1_714_550_400)
        return task
    }

    @Test func commissionsListCreateAcceptRefuse() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.listCommissions) { _ in
            var response = Metrology_Records_V1_ListCommissionsResponse()
            response.commissions = [Self.commission()]
            response.total = 1
            return response
        }
        backend.answer(RecordsMethods.createCommission) { _ in Self.commission() }
        backend.answer(RecordsMethods.acceptCommission) { _ in Self.commission(state: "accepted") }
        backend.answer(RecordsMethods.refuseCommission) { request in
            guard !request.reason.isEmpty else {
                throw RPCError(code: .invalidArgument, message: "拒绝须说明理由", reason: "RECORDS_REFUSAL_REASON_REQUIRED")
            }
            return Self.commission(state: "refused")
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/commissions?state=received&source=appointment&fromDate=2026-12-01&toDate=2026-12-31", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let commission = try #require((try jsonObject(response.body)["commissions"] as? [[String: Any]])?.first)
                #expect(commission["number"] as? String == "WT20261202-0001")
                #expect(commission["decidedAt"] == nil)
            }
            let listed = try #require(log.last).request(as: Metrology_Records_V1_ListCommissionsRequest.self)
            #expect(listed.state == "received" && listed.source == "appointment" && listed.fromDate == "2026-12-01" && listed.toDate == "2026-12-31")

            let create =
                #"{"customerId":"c-1","source":"appointment","requestedOn":"2026-12-03","lines":[{"instrumentId":"in-1","typeCode":"verification:subsequent"}]}"#
            try await client.execute(uri: "/v1/commissions", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: create)) {
                response in
                #expect(response.status == .created)
            }
            let created = try #require(log.last).request(as: Metrology_Records_V1_CreateCommissionRequest.self)
            #expect(created.lines.first?.instrumentID == "in-1" && created.lines.first?.typeCode == "verification:subsequent")
            #expect(created.lines.first?.itemID == "")

            // Accepting needs no body; with one, the assignments reach the service.
            try await client.execute(uri: "/v1/commissions/cm-1/accept", method: .post, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let line = try #require((try jsonObject(response.body)["lines"] as? [[String: Any]])?.first)
                #expect(line["taskId"] as? String == "t-1")
            }
            try await client.execute(
                uri: "/v1/commissions/cm-1/accept", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"assignments":[{"lineId":"l-1","testerId":"u-9"}]}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            let accepted = try #require(log.last).request(as: Metrology_Records_V1_AcceptCommissionRequest.self)
            #expect(accepted.commissionID == "cm-1" && accepted.assignments.first?.testerID == "u-9")

            try await client.execute(
                uri: "/v1/commissions/cm-1/refuse", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: #"{"reason":""}"#)
            ) { response in
                try expectProblem(response, .badRequest, code: "RECORDS_REFUSAL_REASON_REQUIRED")
            }
        }
    }

    @Test func listTasksPassesViewAndFilters() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.listTasks) { _ in
            var response = Metrology_Records_V1_ListTasksResponse()
            response.tasks = [Self.task(state: "submitted")]
            response.total = 7
            response.nextCursor = "n"
            return response
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/tasks?view=review&itemId=i-1&typeCode=verification:initial&state=submitted&pageSize=5&cursor=x", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 7 && json["nextCursor"] as? String == "n")
                let task = try #require((json["tasks"] as? [[String: Any]])?.first)
                #expect(task["state"] as? String == "submitted")
            }
        }
        let sent = try #require(log.last).request(as: Metrology_Records_V1_ListTasksRequest.self)
        #expect(sent.view == "review" && sent.itemID == "i-1" && sent.typeCode == "verification:initial" && sent.state == "submitted")
        #expect(sent.pageSize == 5 && sent.cursor == "x")
    }

    @Test func taskShapeHasCellsDecimalTextAndAbsentUnsetTimes() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.getTask) { _ in Self.task() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/tasks/t-1", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["rawRecordNumber"] as? String == "YS20261202-0001")
                #expect(json["revision"] as? Int == 4)
                let value = try #require((json["values"] as? [[String: Any]])?.first)
                #expect(value["value"] as? String == "20.00")
                // Field by field: JSONSerialization's numbers are NSNumber on Linux, which AnyHashable does not equate with Int.
                let cell = try #require(value["cell"] as? [String: Any])
                #expect(cell["itemCode"] as? String == "v_indicated")
                #expect(cell["point"] as? Int == 1)
                #expect(cell["run"] as? Int == 2)
                #expect((json["computed"] as? [[String: Any]])?.first?["type"] as? String == "number")
                #expect((json["nextStep"] as? [String: Any])?["title"] as? String == "标准器示值")
                #expect(json["createdAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["startedAt"] == nil && json["submittedAt"] == nil)
                #expect(json["instrument"] == nil)
            }
        }
    }

    @Test func startEnterAndOfflineBatchMapTheirBodies() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.startTask) { _ in Self.task() }
        backend.answer(RecordsMethods.enterValue) { request in
            guard request.baseRevision == 0 || request.baseRevision == 4 else {
                throw RPCError(code: .aborted, message: "记录已被修改，请刷新后重试", reason: "RECORDS_REVISION_CONFLICT")
            }
            var result = Metrology_Records_V1_EntryResult()
            result.taskID = request.taskID
            result.revision = 5
            result.value.cell = request.cell
            result.value.value = request.value
            return result
        }
        backend.answer(RecordsMethods.enterOfflineBatch) { request in
            var result = Metrology_Records_V1_OfflineBatchResult()
            result.taskID = request.taskID
            result.outcomes = request.values.map { value in
                var outcome = Metrology_Records_V1_OfflineOutcome()
                outcome.clientID = value.clientID
                outcome.outcome = value.clientID == "c2" ? "conflict" : "accepted"
                outcome.reason = value.clientID == "c2" ? "RECORDS_STEP_OUT_OF_ORDER" : ""
                return outcome
            }
            return result
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/tasks/t-1/start", method: .post, headers: try gateway.authorization(device: "dev-1"),
                body: ByteBuffer(string: #"{"standards":[{"needCode":"flow_standard","standardId":"s-1"}]}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            let started = try #require(log.last)
            try #expect(started.request(as: Metrology_Records_V1_StartTaskRequest.self).standards.first?.standardID == "s-1")

            let enter = #"{"cell":{"itemCode":"v_indicated","point":1,"run":2},"value":"20.00","baseRevision":4,"capturedAt":"2026-12-02T05:00:00Z"}"#
            try await client.execute(
                uri: "/v1/tasks/t-1/values", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: enter)
            ) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["revision"] as? Int == 5)
                #expect((json["value"] as? [String: Any])?["value"] as? String == "20.00")
            }
            let entered = try #require(log.last).request(as: Metrology_Records_V1_EnterValueRequest.self)
            #expect(entered.value == "20.00" && entered.cell.point == 1 && entered.cell.run == 2 && entered.baseRevision == 4)
            #expect(entered.capturedAt.seconds == 1_796_187_600)

            // A JSON number is not decimal text: refused before the service.
            try await client.execute(
                uri: "/v1/tasks/t-1/values", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"cell":{"itemCode":"v"},"value":20.0}"#)
            ) { response in
                try expectProblem(response, .badRequest, code: "INVALID_JSON")
            }
            try await client.execute(
                uri: "/v1/tasks/t-1/values", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"cell":{"itemCode":"v"},"value":"1","baseRevision":2}"#)
            ) { response in
                try expectProblem(response, .conflict, code: "RECORDS_REVISION_CONFLICT")
            }

            let batch =
                #"{"values":[{"clientId":"c1","cell":{"itemCode":"a"},"value":"1.0"},{"clientId":"c2","cell":{"itemCode":"b"},"value":"2.0","baseRevision":3}]}"#
            try await client.execute(
                uri: "/v1/tasks/t-1/offline-batches", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: batch)
            ) { response in
                #expect(response.status == .ok)
                let outcomes = try #require(try jsonObject(response.body)["outcomes"] as? [[String: Any]])
                #expect(outcomes.map { $0["outcome"] as? String } == ["accepted", "conflict"])
                #expect(outcomes.last?["reason"] as? String == "RECORDS_STEP_OUT_OF_ORDER")
            }
            let sent = try #require(log.last).request(as: Metrology_Records_V1_EnterOfflineBatchRequest.self)
            #expect(sent.values.map(\.clientID) == ["c1", "c2"] && sent.values.last?.baseRevision == 3)
        }
    }

    @Test func submissionDigestSubmitAndReview() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.prepareSubmission) { request in
            var submission = Metrology_Records_V1_Submission()
            submission.taskID = request.taskID
            submission.resource = "records/task/\(request.taskID)"
            submission.digest = "ab12"
            submission.canonical = Data(#"{"a":1}"#.utf8)
            submission.revision = 9
            submission.meaning = "verification"
            return submission
        }
        backend.answer(RecordsMethods.prepareReview) { request in
            var submission = Metrology_Records_V1_Submission()
            submission.taskID = request.taskID
            submission.meaning = "review"
            return submission
        }
        backend.answer(RecordsMethods.submitTask) { _ in Self.task(state: "submitted") }
        backend.answer(RecordsMethods.reviewTask) { request in
            guard request.decision == "pass" || request.decision == "return" else {
                throw RPCError(code: .invalidArgument, message: "核验结论只能是通过或退回", reason: "RECORDS_REVIEW_DECISION_INVALID")
            }
            return Self.task(state: request.decision == "pass" ? "reviewed" : "returned")
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/tasks/t-1/submission", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["resource"] as? String == "records/task/t-1")
                #expect(json["canonical"] as? String == Data(#"{"a":1}"#.utf8).base64EncodedString())
                #expect(json["revision"] as? Int == 9 && json["meaning"] as? String == "verification")
            }
            try await client.execute(uri: "/v1/tasks/t-1/review-submission", method: .get, headers: try gateway.authorization()) { response in
                try #expect(jsonObject(response.body)["meaning"] as? String == "review")
            }
            #expect(log.last?.fullName == RecordsMethods.prepareReview.fullName)
            try await client.execute(
                uri: "/v1/tasks/t-1/submit", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"receipt":"eyJ.x.y","revision":9}"#)
            ) { response in
                try #expect(jsonObject(response.body)["state"] as? String == "submitted")
            }
            let submitted = try #require(log.last).request(as: Metrology_Records_V1_SubmitTaskRequest.self)
            #expect(submitted.receipt == "eyJ.x.y" && submitted.revision == 9)
            try await client.execute(
                uri: "/v1/tasks/t-1/review", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"decision":"return","reason":"第 2 点示值有误"}"#)
            ) { response in
                try #expect(jsonObject(response.body)["state"] as? String == "returned")
            }
            let reviewed = try #require(log.last).request(as: Metrology_Records_V1_ReviewTaskRequest.self)
            #expect(reviewed.decision == "return" && reviewed.reason == "第 2 点示值有误" && reviewed.receipt == "")
            try await client.execute(
                uri: "/v1/tasks/t-1/review", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: #"{"decision":"maybe"}"#)
            ) { response in
                try expectProblem(response, .badRequest, code: "RECORDS_REVIEW_DECISION_INVALID")
            }
        }
    }
}
