import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import ServiceKit
import SwiftProtobuf
import Testing

/// Submission with the tester's signature and review (§4.3.9.6, §4.3.10) through the real broker and database: the
/// record's digest is what identity's receipt must name, a changed record is signed again, tester and reviewer are
/// two qualified people (on one phone, §4.3.10.5), a return keeps every change in the history, and the events carry
/// the record with its signatures.
@Suite("Records: submission and review", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsReviewTests {
    /// A person signed in on a phone whose key the test holds (to sign challenges as the app would).
    struct Signer: Sendable {
        let person: RecordsFixtures.Person
        let phone: TestDevice
        var id: String { person.user.id }
    }

    /// A user with `roles`, approved and qualified for the item (unless `qualified` is false), on `phone` (a new
    /// enrolled one by default; an existing one takes a second session on it).
    static func signer(
        _ rx: RecordsFixtures, _ procedure: RecordsFixtures.Procedure, prefix: String, roles: [String], qualified: Bool = true,
        on phone: TestDevice? = nil
    ) async throws -> Signer {
        let user = try await rx.fx.createUser(prefix, roles: roles)
        if qualified { try await rx.qualify(user, for: procedure.item.code) }
        if let phone {
            // The phone is enrolled already: this login opens a second session on it, the first stays.
            let session = try await rx.fx.login(user.username, device: phone)
            return Signer(person: .init(user: user, token: session.accessToken, deviceID: session.deviceID), phone: phone)
        }
        let phone = TestDevice()
        let (session, deviceID) = try await rx.fx.enrolledLogin(user.username, device: phone)
        return Signer(person: .init(user: user, token: session.accessToken, deviceID: deviceID), phone: phone)
    }

    /// The signature ceremony on the signer's phone: challenge, device signature, receipt.
    static func sign(
        _ rx: RecordsFixtures, _ signer: Signer, meaning: String, resource: String, digest: String
    ) async throws -> Metrology_Identity_V1_SignatureReceipt {
        var request = Metrology_Identity_V1_CreateSignatureChallengeRequest()
        request.meaning = meaning
        request.resource = resource
        request.digest = digest
        request.deviceID = signer.person.deviceID ?? ""
        let challenge = try await rx.client.call(IdentityMethods.createSignatureChallenge, request, options: signer.person.options)
        var complete = Metrology_Identity_V1_CompleteSignatureRequest()
        complete.challengeID = challenge.challengeID
        complete.digest = digest
        complete.signature = try signer.phone.key.signature(for: challenge.challenge).derRepresentation
        complete.method = "fingerprint"
        return try await rx.client.call(IdentityMethods.completeSignature, complete, options: signer.person.options)
    }

    static func cell(_ code: String, _ point: Int32 = 0, _ run: Int32 = 0) -> Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = code
        cell.point = point
        cell.run = run
        return cell
    }

    @discardableResult
    static func enter(
        _ rx: RecordsFixtures, _ task: String, _ cell: Metrology_Records_V1_Cell, _ value: String, as person: RecordsFixtures.Person,
        reason: String = ""
    ) async throws -> Metrology_Records_V1_EntryResult {
        var request = Metrology_Records_V1_EnterValueRequest()
        request.taskID = task
        request.cell = cell
        request.value = value
        request.reason = reason
        return try await rx.client.call(RecordsMethods.enterValue, request, options: person.options)
    }

    /// Every required input of the fixture procedure, in order.
    static func fill(_ rx: RecordsFixtures, _ task: String, as person: RecordsFixtures.Person) async throws {
        try await enter(rx, task, cell("reading"), "20.05", as: person)
        try await enter(rx, task, cell("standard_volume"), "20.00", as: person)
        for (point, run, value) in [(Int32(1), Int32(1), "0.10"), (1, 2, "0.12"), (2, 1, "-0.05"), (2, 2, "0.08")] {
            try await enter(rx, task, cell("errors", point, run), value, as: person)
        }
    }

    static func prepare(
        _ rx: RecordsFixtures, _ task: String, as person: RecordsFixtures.Person, review: Bool = false
    ) async throws
        -> Metrology_Records_V1_Submission
    {
        var request = Metrology_Records_V1_PrepareSubmissionRequest()
        request.taskID = task
        return try await rx.client.call(review ? RecordsMethods.prepareReview : RecordsMethods.prepareSubmission, request, options: person.options)
    }

    static func submit(
        _ rx: RecordsFixtures, _ task: String, receipt: String, revision: Int32, as person: RecordsFixtures.Person
    ) async throws -> Metrology_Records_V1_Task {
        var request = Metrology_Records_V1_SubmitTaskRequest()
        request.taskID = task
        request.receipt = receipt
        request.revision = revision
        return try await rx.client.call(RecordsMethods.submitTask, request, options: person.options)
    }

    /// Prepare, sign with meaning verification, submit: what the app does at 提交.
    static func signAndSubmit(_ rx: RecordsFixtures, _ task: String, as tester: Signer) async throws -> Metrology_Records_V1_Task {
        let submission = try await prepare(rx, task, as: tester.person)
        let receipt = try await sign(rx, tester, meaning: "verification", resource: submission.resource, digest: submission.digest)
        return try await submit(rx, task, receipt: receipt.receipt, revision: submission.revision, as: tester.person)
    }

    static func review(
        _ rx: RecordsFixtures, _ task: String, decision: String, reason: String = "", receipt: String = "", as person: RecordsFixtures.Person
    ) async throws -> Metrology_Records_V1_Task {
        var request = Metrology_Records_V1_ReviewTaskRequest()
        request.taskID = task
        request.decision = decision
        request.reason = reason
        request.receipt = receipt
        return try await rx.client.call(RecordsMethods.reviewTask, request, options: person.options)
    }

    static func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test(
        "submission: an incomplete record is refused naming the next step; receipts for another resource or content and a change after prepare are refused; a valid receipt freezes the record"
    )
    func submit() async throws {
        let rx = try await RecordsFixtures.make("records-submit")
        defer { Task { await rx.close() } }
        let procedure = try await rx.publishedProcedure("submit")
        let tester = try await Self.signer(rx, procedure, prefix: "sub-tester", roles: ["metrologist"])
        let task = try await rx.startedTask(procedure: procedure, tester: tester.person)

        try await Self.enter(rx, task.id, Self.cell("reading"), "20.05", as: tester.person)
        let incomplete = try await expectRPCError(.failedPrecondition) { _ = try await Self.prepare(rx, task.id, as: tester.person) }
        #expect(incomplete.reason == "RECORDS_RECORD_INCOMPLETE")
        #expect(incomplete.details["itemCode"] == "standard_volume")
        try await Self.enter(rx, task.id, Self.cell("standard_volume"), "20.00", as: tester.person)
        for (point, run, value) in [(Int32(1), Int32(1), "0.10"), (1, 2, "0.12"), (2, 1, "-0.05"), (2, 2, "0.08")] {
            try await Self.enter(rx, task.id, Self.cell("errors", point, run), value, as: tester.person)
        }

        let submission = try await Self.prepare(rx, task.id, as: tester.person)
        #expect(submission.resource == "records/task/\(task.id)")
        #expect(submission.meaning == "verification")
        #expect(submission.digest == Self.hex(submission.canonical))
        let canonical = try #require(JSONSerialization.jsonObject(with: submission.canonical) as? [String: Any])
        #expect(canonical["raw_record_number"] as? String == task.rawRecordNumber)
        #expect((canonical["values"] as? [[String: Any]])?.contains { $0["item"] as? String == "errors" && $0["value"] as? String == "0.10" } == true)
        #expect(canonical["conclusion"] as? String == "合格")
        // Prepared twice, the same bytes.
        #expect(try await Self.prepare(rx, task.id, as: tester.person).canonical == submission.canonical)

        // A receipt for another record.
        let elsewhere = try await Self.sign(
            rx, tester, meaning: "verification", resource: "records/task/\(UUID().uuidString.lowercased())", digest: submission.digest)
        let wrongResource = try await expectRPCError(.invalidArgument) {
            _ = try await Self.submit(rx, task.id, receipt: elsewhere.receipt, revision: submission.revision, as: tester.person)
        }
        #expect(wrongResource.reason == "RECORDS_SIGNATURE_RESOURCE_MISMATCH")
        // A receipt over other content.
        let otherContent = try await Self.sign(
            rx, tester, meaning: "verification", resource: submission.resource, digest: Self.hex(Data("别的内容".utf8)))
        let wrongDigest = try await expectRPCError(.failedPrecondition) {
            _ = try await Self.submit(rx, task.id, receipt: otherContent.receipt, revision: submission.revision, as: tester.person)
        }
        #expect(wrongDigest.reason == "RECORDS_SIGNATURE_DIGEST_MISMATCH")
        // Not a receipt at all.
        let forged = try await expectRPCError(.invalidArgument) {
            _ = try await Self.submit(rx, task.id, receipt: "a.b.c", revision: submission.revision, as: tester.person)
        }
        #expect(forged.reason == "RECORDS_RECEIPT_INVALID")

        // Signed, then a value changes before submitting: the receipt covers the old content.
        let signed = try await Self.sign(rx, tester, meaning: "verification", resource: submission.resource, digest: submission.digest)
        let changed = try await Self.enter(rx, task.id, Self.cell("errors", 2, 2), "0.09", as: tester.person)
        let stale = try await expectRPCError(.failedPrecondition) {
            _ = try await Self.submit(rx, task.id, receipt: signed.receipt, revision: changed.revision, as: tester.person)
        }
        #expect(stale.reason == "RECORDS_SIGNATURE_DIGEST_MISMATCH")
        let staleRevision = try await expectRPCError(.failedPrecondition) {
            _ = try await Self.submit(rx, task.id, receipt: signed.receipt, revision: submission.revision, as: tester.person)
        }
        #expect(staleRevision.reason == "RECORDS_SIGNATURE_DIGEST_MISMATCH")

        let submitted = try await Self.signAndSubmit(rx, task.id, as: tester)
        #expect(submitted.state == "submitted")
        #expect(submitted.signatures.map(\.meaning) == ["verification"])
        #expect(submitted.signatures.first?.signerID == tester.id)
        #expect(submitted.submittedDigest == submitted.signatures.first?.digest)
        // Frozen: entry and a second submission are refused.
        let frozen = try await expectRPCError(.failedPrecondition) {
            try await Self.enter(rx, task.id, Self.cell("errors", 2, 2), "0.07", as: tester.person)
        }
        #expect(frozen.reason == "RECORDS_TASK_STATE")
    }

    @Test(
        "review on the tester's phone: tester as reviewer and an unqualified reviewer are refused; a return with its reason, a change with its reason kept in the history, a second submission and a pass; events carry the record and its signatures"
    )
    func review() async throws {
        let rx = try await RecordsFixtures.make("records-review")
        defer { Task { await rx.close() } }
        let procedure = try await rx.publishedProcedure("review")
        // The tester holds both roles: only the rule "not one's own record" stops them reviewing it.
        let tester = try await Self.signer(rx, procedure, prefix: "rev-tester", roles: ["metrologist", "verifier"])
        let (commission, accepted) = try await rx.acceptedTask(procedure: procedure, tester: tester.person)
        let task = try await rx.start(accepted.id, as: tester.person, standards: try await rx.chosenStandards(for: procedure))
        try await Self.fill(rx, task.id, as: tester.person)
        let first = try await Self.signAndSubmit(rx, task.id, as: tester)

        let ownReview = try await expectRPCError(.permissionDenied) {
            _ = try await Self.review(rx, task.id, decision: "return", reason: "自己退回", as: tester.person)
        }
        #expect(ownReview.reason == "RECORDS_REVIEWER_IS_TESTER")

        // The reviewers log in on the tester's phone: a second (and third) session on the same device.
        let unqualified = try await Self.signer(rx, procedure, prefix: "rev-unq", roles: ["verifier"], qualified: false, on: tester.phone)
        let notQualified = try await expectRPCError(.permissionDenied) {
            _ = try await Self.review(rx, task.id, decision: "return", reason: "无资质", as: unqualified.person)
        }
        #expect(notQualified.reason == "RECORDS_NOT_QUALIFIED")
        let reviewer = try await Self.signer(rx, procedure, prefix: "rev-reviewer", roles: ["verifier"], on: tester.phone)
        #expect(reviewer.person.deviceID == tester.person.deviceID)

        let noReason = try await expectRPCError(.invalidArgument) { _ = try await Self.review(rx, task.id, decision: "return", as: reviewer.person) }
        #expect(noReason.reason == "RECORDS_RETURN_REASON_REQUIRED")
        let returned = try await Self.review(rx, task.id, decision: "return", reason: "第 1 点第 1 次读数记录有误，请复核", as: reviewer.person)
        #expect(returned.state == "returned")
        #expect(returned.returnReason == "第 1 点第 1 次读数记录有误，请复核")
        #expect(returned.signatures.isEmpty)

        // The tester corrects a value: a reason is required after a return, and the change is kept.
        let unexplained = try await expectRPCError(.failedPrecondition) {
            try await Self.enter(rx, task.id, Self.cell("errors", 1, 1), "0.11", as: tester.person)
        }
        #expect(unexplained.reason == "RECORDS_CHANGE_REASON_REQUIRED")
        try await Self.enter(rx, task.id, Self.cell("errors", 1, 1), "0.11", as: tester.person, reason: "复核原始读数后更正")
        // Going back re-opened the later cells: confirmed again in order before the record is complete.
        for (point, run, value) in [(Int32(1), Int32(2), "0.12"), (2, 1, "-0.05"), (2, 2, "0.08")] {
            try await Self.enter(rx, task.id, Self.cell("errors", point, run), value, as: tester.person, reason: "按顺序重新确认")
        }
        let corrected = try await rx.task(task.id)
        let change = try #require(corrected.history.last { $0.cell.itemCode == "errors" && $0.cell.point == 1 && $0.cell.run == 1 })
        #expect(change.oldValue == "0.10" && change.newValue == "0.11")
        #expect(change.changedBy == tester.id && change.reason == "复核原始读数后更正" && change.hasChangedAt)
        #expect(corrected.history.contains { $0.cell == Self.cell("errors", 1, 1) && $0.newValue == "0.10" && $0.oldValue.isEmpty })

        let second = try await Self.signAndSubmit(rx, task.id, as: tester)
        #expect(second.state == "submitted" && second.submittedDigest != first.submittedDigest)
        // Only the new round's signature counts.
        #expect(second.signatures.count == 1 && second.signatures.first?.digest == second.submittedDigest)

        let toReview = try await Self.prepare(rx, task.id, as: reviewer.person, review: true)
        #expect(toReview.meaning == "review" && toReview.digest == second.submittedDigest && Self.hex(toReview.canonical) == toReview.digest)
        // The tester's own receipt is no reviewer's receipt.
        let testersReceipt = try await expectRPCError(.invalidArgument) {
            _ = try await Self.review(rx, task.id, decision: "pass", receipt: second.signatures[0].receipt, as: reviewer.person)
        }
        #expect(testersReceipt.reason == "RECORDS_SIGNATURE_MEANING_MISMATCH")
        let reviewReceipt = try await Self.sign(rx, reviewer, meaning: "review", resource: toReview.resource, digest: toReview.digest)
        #expect(reviewReceipt.deviceID == tester.person.deviceID)
        let passed = try await Self.review(rx, task.id, decision: "pass", receipt: reviewReceipt.receipt, as: reviewer.person)
        #expect(passed.state == "reviewed" && passed.reviewerID == reviewer.id && passed.hasReviewedAt)
        #expect(passed.signatures.map(\.meaning) == ["verification", "review"])

        // The ledger learned the result; the commission's only task passed, so it is done.
        var getInstrument = Metrology_Records_V1_GetInstrumentRequest()
        getInstrument.instrumentID = passed.instrument.id
        let instrument = try await rx.client.call(RecordsMethods.getInstrument, getInstrument, options: rx.desk.options)
        #expect(instrument.lastVerifiedOn == passed.testDate)
        #expect(instrument.nextDueOn == (try Self.day(passed.testDate, plusMonths: Int(instrument.cycleMonths))))
        var getCommission = Metrology_Records_V1_GetCommissionRequest()
        getCommission.commissionID = commission.id
        #expect(try await rx.client.call(RecordsMethods.getCommission, getCommission, options: rx.desk.options).state == "done")

        // The tester never signed out: their session on the phone still works.
        #expect(try await rx.client.call(WhoAmIMethods.records, .init(), options: tester.person.options).userID == tester.id)

        // The events, from records' log: two submissions, a return and a pass, the last with the whole record.
        let log = RemoteEventLog(client: rx.client, service: "records")
        var mine: [LoggedEvent] = []
        let published = try await eventually(timeout: .seconds(20)) {
            mine = try await Self.events(log).filter { $0.envelope.subject == task.id && Self.reviewEvents.contains($0.envelope.type) }
            return mine.count >= 4
        }
        #expect(published)
        #expect(
            mine.map(\.envelope.type) == [
                RecordsEvents.taskSubmitted.routingKey, RecordsEvents.taskReturned.routingKey, RecordsEvents.taskSubmitted.routingKey,
                RecordsEvents.taskReviewed.routingKey,
            ])
        let returnedEvent = try Metrology_Records_V1_TaskReturned(
            serializedBytes: try #require(mine.first { $0.envelope.type == RecordsEvents.taskReturned.routingKey }).envelope.payload)
        #expect(returnedEvent.reviewerID == reviewer.id && returnedEvent.reason == "第 1 点第 1 次读数记录有误，请复核")
        let reviewedEvent = try Metrology_Records_V1_TaskRecorded(
            serializedBytes: try #require(mine.last { $0.envelope.type == RecordsEvents.taskReviewed.routingKey }).envelope.payload)
        #expect(reviewedEvent.task.state == "reviewed")
        #expect(reviewedEvent.task.values.count >= 6)
        #expect(reviewedEvent.task.computed.contains { $0.kind == "conclusion" && $0.value == "合格" })
        #expect(reviewedEvent.task.signatures.map(\.signerID) == [tester.id, reviewer.id])
        #expect(!reviewedEvent.task.signatures[1].receipt.isEmpty)
        #expect(reviewedEvent.customer.id == passed.customerID && !reviewedEvent.customer.name.isEmpty)
        let submittedEvent = try Metrology_Records_V1_TaskRecorded(
            serializedBytes: try #require(mine.first { $0.envelope.type == RecordsEvents.taskSubmitted.routingKey }).envelope.payload)
        #expect(submittedEvent.task.submittedDigest == first.submittedDigest && submittedEvent.task.signatures.count == 1)
    }

    static let reviewEvents: Set<String> = [
        RecordsEvents.taskSubmitted.routingKey, RecordsEvents.taskReturned.routingKey, RecordsEvents.taskReviewed.routingKey,
    ]

    /// "YYYY-MM-DD" plus `months`, the end of a month kept as PostgreSQL keeps it (2026-08-31 + 6 → 2027-02-28).
    static func day(_ text: String, plusMonths months: Int) throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text), let later = calendar.date(byAdding: .month, value: months, to: date) else {
            throw TestFailure("not a day: \(text)")
        }
        return formatter.string(from: later)
    }

    static func events(_ log: RemoteEventLog) async throws -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        while true {
            let page = try await log.events(after: events.last?.position ?? 0, limit: 500)
            events += page
            if page.count < 500 { return events }
        }
    }
}
