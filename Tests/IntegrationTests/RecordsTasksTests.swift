import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Commissions, acceptance, StartTask and task lists through the real broker and database (issue 16, part D).
@Suite("Records: commissions and tasks", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsTasksTests {
    @Test("acceptance creates one task per line with a raw-record number; a retry with the same message id gets the same numbers once")
    func acceptanceNumbersOnce() async throws {
        let records = try await RecordsFixtures.make("records-accept")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("accept")
        let owner = try await records.customerWithInstrument(itemID: procedure.item.id)
        let received = try await records.commission(for: owner, procedure: procedure)
        #expect(received.state == "received")
        #expect(received.number.hasPrefix("WT"))
        let tester = try await records.tester(for: procedure, mobile: false)
        let acceptor = try await records.person("acceptor", roles: ["metrologist"])

        let key = UUID().uuidString
        let accepted = try await records.accept(received, tester: tester, as: acceptor, messageID: key)
        #expect(accepted.state == "accepted")
        #expect(accepted.lines.count == 1)
        let line = try #require(accepted.lines.first)
        #expect(line.itemCode == procedure.item.code)
        #expect(line.testerID == tester.user.id)
        let task = try await records.task(line.taskID)
        #expect(task.state == "created")
        #expect(task.procedureVersion == procedure.version)
        #expect(task.rawRecordNumber == procedure.rawRecordPrefix + "0001")
        #expect(task.instrument.id == owner.instrument.id)
        let issued = try await records.rawRecordIssuedCount(procedure)
        #expect(issued == 1)

        // The same message id again: the stored outcome, the same task and number, no number taken.
        let again = try await records.accept(received, tester: tester, as: acceptor, messageID: key)
        #expect(again.lines.map(\.taskID) == accepted.lines.map(\.taskID))
        #expect(try await records.rawRecordIssuedCount(procedure) == issued)

        // Flows numbers each task once: asked again for this task with a new message id (a second acceptance racing
        // this one), it answers the task's own number and takes none.
        var renumber = Metrology_Flows_V1_IssueNumberRequest()
        renumber.itemID = procedure.item.id
        renumber.typeCode = procedure.typeCode
        renumber.target = "raw_record"
        renumber.reference = task.id
        #expect(try await records.client.call(FlowsMethods.issueNumber, renumber, options: acceptor.options).number == task.rawRecordNumber)
        #expect(try await records.rawRecordIssuedCount(procedure) == issued)

        // The record states the customer and instrument as accepted: renaming them in the ledger changes neither.
        var rename = Metrology_Records_V1_UpdateCustomerRequest()
        rename.customerID = owner.customer.id
        rename.name = owner.customer.name + "（更名）"
        _ = try await records.client.call(RecordsMethods.updateCustomer, rename, options: records.desk.options)
        var model = Metrology_Records_V1_UpdateInstrumentRequest()
        model.instrumentID = owner.instrument.id
        model.model = "JYJ-9"
        _ = try await records.client.call(RecordsMethods.updateInstrument, model, options: records.desk.options)
        let kept = try await records.task(line.taskID)
        #expect(kept.customerName == owner.customer.name)
        #expect(kept.instrument.model == owner.instrument.model)

        // A new acceptance of an accepted commission names its state.
        let twice = try await expectRPCError(.failedPrecondition) { _ = try await records.accept(received, tester: tester, as: acceptor) }
        #expect(twice.reason == "RECORDS_COMMISSION_STATE")
        #expect(twice.details["state"] == "accepted")
    }

    @Test("an acceptor without the raw-record entitlement is refused with flows' FLOWS_NUMBERING_NOT_ENTITLED; refusal needs a reason")
    func unentitledAcceptor() async throws {
        let records = try await RecordsFixtures.make("records-entitled")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("entitled")
        let owner = try await records.customerWithInstrument(itemID: procedure.item.id)
        let received = try await records.commission(for: owner, procedure: procedure)
        var role = Metrology_Identity_V1_CreateRoleRequest()
        role.code = "desk_" + UUID().uuidString.prefix(6).lowercased()
        role.name = "受理员" + UUID().uuidString.prefix(4)
        role.permissions = ["records.edit", "records.query"]
        _ = try await records.client.call(IdentityMethods.createRole, role, options: records.admin)
        let clerk = try await records.person("desk", roles: [role.code])
        let refused = try await expectRPCError(.permissionDenied) { _ = try await records.accept(received, tester: nil, as: clerk) }
        #expect(refused.reason == "FLOWS_NUMBERING_NOT_ENTITLED")
        #expect(try await records.rawRecordIssuedCount(procedure) == 0)

        var refuse = Metrology_Records_V1_RefuseCommissionRequest()
        refuse.commissionID = received.id
        let empty = try await expectRPCError(.invalidArgument) {
            _ = try await records.client.call(RecordsMethods.refuseCommission, refuse, options: clerk.options)
        }
        #expect(empty.reason == "RECORDS_REFUSAL_REASON_REQUIRED")
        refuse.reason = "器具铭牌缺失"
        let refusedCommission = try await records.client.call(RecordsMethods.refuseCommission, refuse, options: clerk.options)
        #expect(refusedCommission.state == "refused")
        #expect(refusedCommission.refusalReason == "器具铭牌缺失")
    }

    @Test("StartTask: an unqualified tester is refused RECORDS_NOT_QUALIFIED with identity's reason; a console session RECORDS_DEVICE_REQUIRED")
    func unqualifiedAndConsole() async throws {
        let records = try await RecordsFixtures.make("records-qualified")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("qualified")
        let unqualified = try await records.tester(for: procedure, prefix: "unqualified", qualified: false)
        // Unassigned (an assigned tester must be qualified at acceptance): whoever starts it takes it.
        let (_, task) = try await records.acceptedTask(procedure: procedure, tester: nil)
        let standards = try await records.chosenStandards(for: procedure)
        let refused = try await expectRPCError(.permissionDenied) { _ = try await records.start(task.id, as: unqualified, standards: standards) }
        #expect(refused.reason == "RECORDS_NOT_QUALIFIED")
        #expect(refused.details["qualificationReason"] == "QUALIFICATION_ITEM_NOT_APPROVED")

        let console = try await records.tester(for: procedure, prefix: "console", mobile: false)
        let (_, other) = try await records.acceptedTask(procedure: procedure, tester: console)
        let noDevice = try await expectRPCError(.failedPrecondition) { _ = try await records.start(other.id, as: console, standards: standards) }
        #expect(noDevice.reason == "RECORDS_DEVICE_REQUIRED")
    }

    @Test("StartTask: an expired standard is refused RECORDS_STANDARD_NOT_USABLE with STANDARD_EXPIRED; missing and wrong-kind standards are named")
    func standards() async throws {
        let records = try await RecordsFixtures.make("records-standards")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("standards")
        let tester = try await records.tester(for: procedure)
        let (_, task) = try await records.acceptedTask(procedure: procedure, tester: tester)

        let missing = try await expectRPCError(.invalidArgument) { _ = try await records.start(task.id, as: tester, standards: []) }
        #expect(missing.reason == "RECORDS_STANDARD_MISSING")
        #expect(missing.details["needCode"] == RecordsFixtures.metalMeasure.code)

        var expired = Metrology_Records_V1_ChosenStandard()
        expired.needCode = RecordsFixtures.metalMeasure.code
        expired.standardID = try await records.standard(validUntil: "2025-01-01").id
        let refused = try await expectRPCError(.failedPrecondition) { _ = try await records.start(task.id, as: tester, standards: [expired]) }
        #expect(refused.reason == "RECORDS_STANDARD_NOT_USABLE")
        #expect(refused.details["standardReason"] == "STANDARD_EXPIRED")
        #expect(refused.details["standardId"] == expired.standardID)

        var wrongKind = expired
        wrongKind.standardID = try await records.standard(category: "stopwatch").id
        let wrong = try await expectRPCError(.failedPrecondition) { _ = try await records.start(task.id, as: tester, standards: [wrongKind]) }
        #expect(wrong.reason == "RECORDS_STANDARD_WRONG_KIND")

        // Usable: started, with the standard as devices described it; starting again returns it unchanged.
        let good = try await records.chosenStandards(for: procedure)
        let started = try await records.start(task.id, as: tester, standards: good)
        #expect(started.state == "in_progress")
        #expect(started.testerID == tester.user.id)
        #expect(started.deviceID == tester.deviceID)
        #expect(started.standards.map(\.standardID) == good.map(\.standardID))
        #expect(!started.testDate.isEmpty)
        #expect(started.nextStep.cell.itemCode == "reading")
        let again = try await records.start(task.id, as: tester, standards: good)
        #expect(again.startedAt == started.startedAt)
    }

    @Test("StartTask on a disabled device is refused; someone else's task is RECORDS_TASK_NOT_YOURS")
    func deviceAndOwnership() async throws {
        let records = try await RecordsFixtures.make("records-device")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("device")
        let tester = try await records.tester(for: procedure)
        let other = try await records.tester(for: procedure, prefix: "other")
        let (_, task) = try await records.acceptedTask(procedure: procedure, tester: tester)
        let standards = try await records.chosenStandards(for: procedure)
        let notYours = try await expectRPCError(.permissionDenied) { _ = try await records.start(task.id, as: other, standards: standards) }
        #expect(notYours.reason == "RECORDS_TASK_NOT_YOURS")

        _ = try await records.fx.setDevice(try #require(tester.deviceID), enabled: false)
        do {
            _ = try await records.start(task.id, as: tester, standards: standards)
            Issue.record("a task started on a disabled device")
        } catch let error as RPCError {
            // devices says the phone is disabled; or the revocation event reached records first and the token is gone.
            #expect(["RECORDS_DEVICE_NOT_ENABLED", "TOKEN_REVOKED"].contains(error.reason))
        }
    }

    @Test("task lists: mine, all, review and returned views with filters and cursor paging; permission refusals are named")
    func lists() async throws {
        let records = try await RecordsFixtures.make("records-lists")
        defer { Task { await records.close() } }
        let procedure = try await records.publishedProcedure("lists")
        let tester = try await records.tester(for: procedure)
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try await records.acceptedTask(procedure: procedure, tester: tester).task.id) }

        var request = Metrology_Records_V1_ListTasksRequest()
        request.view = "mine"
        request.pageSize = 2
        let first = try await records.client.call(RecordsMethods.listTasks, request, options: tester.options)
        #expect(first.total == 3)
        #expect(first.tasks.count == 2)
        #expect(!first.nextCursor.isEmpty)
        request.cursor = first.nextCursor
        let second = try await records.client.call(RecordsMethods.listTasks, request, options: tester.options)
        #expect(second.tasks.count == 1)
        #expect(second.nextCursor.isEmpty)
        #expect(Set((first.tasks + second.tasks).map(\.id)) == Set(ids))

        var all = Metrology_Records_V1_ListTasksRequest()
        all.view = "all"
        all.itemID = procedure.item.id
        all.state = "created"
        #expect(try await records.client.call(RecordsMethods.listTasks, all, options: records.desk.options).total == 3)

        var returned = Metrology_Records_V1_ListTasksRequest()
        returned.view = "returned"
        #expect(try await records.client.call(RecordsMethods.listTasks, returned, options: tester.options).total == 0)

        var review = Metrology_Records_V1_ListTasksRequest()
        review.view = "review"
        let denied = try await expectRPCError(.permissionDenied) {
            _ = try await records.client.call(RecordsMethods.listTasks, review, options: tester.options)
        }
        #expect(denied.details["permission"] == "records.review")

        let stranger = try await records.person("stranger", roles: ["verifier"])
        var get = Metrology_Records_V1_GetTaskRequest()
        get.taskID = ids[0]
        #expect(try await records.client.call(RecordsMethods.getTask, get, options: stranger.options).id == ids[0])
        let clerk = try await records.person("clerk", roles: ["document_admin"])
        let hidden = try await expectRPCError(.permissionDenied) {
            _ = try await records.client.call(RecordsMethods.getTask, get, options: clerk.options)
        }
        #expect(hidden.reason == "RECORDS_TASK_NOT_VISIBLE")
    }
}
