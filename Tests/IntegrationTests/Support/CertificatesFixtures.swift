import Contracts
import Crypto
import FillTestSupport
import Foundation
import Logging
import Messaging
import PostgresNIO
import RPCCore
import Testing

/// A procedure with its certificate, notice and raw-record templates and a certificate numbering rule, and the three
/// people of a record's life: tester, reviewer (on the tester's phone, §4.3.10.5) and approver (on a phone of their
/// own), each qualified for the item; plus the steps from an accepted task to a reviewed record awaiting approval.
struct CertificatesFixtures: Sendable {
    let rx: RecordsFixtures
    let procedure: RecordsFixtures.Procedure
    let tester: RecordsReviewTests.Signer
    let reviewer: RecordsReviewTests.Signer
    let approver: RecordsReviewTests.Signer
    /// The certificate numbering rule's prefix: numbers are prefix + 4 digits.
    let certificatePrefix: String
    var client: RPCClient { rx.client }

    /// The records fixture's procedure with its two flow points named: a certificate's readings table prints these,
    /// not the points' numbers.
    static let pointLabels = ["大流量", "小流量"]
    static var procedureItems: [Metrology_Flows_V1_DataItem] {
        RecordsFixtures.procedureItems.map { item in
            var item = item
            if item.code == "errors" { item.pointLabels = pointLabels }
            return item
        }
    }

    static func make(_ name: String) async throws -> CertificatesFixtures {
        let rx = try await RecordsFixtures.make(name)
        let procedure = try await rx.publishedProcedure(name, items: Self.procedureItems)
        for (kind, content) in [
            ("certificate", try CertificateTemplates.certificate()), ("notice", try CertificateTemplates.certificate(title: "检定结果通知书")),
            ("raw_record", try CertificateTemplates.rawRecord()),
        ] {
            var request = Metrology_Flows_V1_ImportTemplateRequest()
            request.itemID = procedure.item.id
            request.typeCode = RecordsFixtures.typeCode
            request.kind = kind
            request.filename = "\(kind).docx"
            request.content = content
            let imported = try await rx.client.call(FlowsMethods.importTemplate, request, options: rx.admin)
            guard imported.accepted else { throw TestFailure("the \(kind) template was refused: \(imported.issues)") }
        }
        let prefix = "JD" + UUID().uuidString.prefix(6).uppercased() + "-"
        var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
        rule.itemID = procedure.item.id
        rule.typeCode = RecordsFixtures.typeCode
        rule.target = "certificate"
        rule.prefix = prefix
        rule.datePattern = "none"
        rule.width = 4
        rule.start = 1
        _ = try await rx.client.call(FlowsMethods.setNumberingRule, rule, options: rx.admin)
        let tester = try await RecordsReviewTests.signer(rx, procedure, prefix: "\(name)-tester", roles: ["metrologist", "approver"])
        let reviewer = try await RecordsReviewTests.signer(
            rx, procedure, prefix: "\(name)-reviewer", roles: ["verifier", "approver"], on: tester.phone)
        let approver = try await RecordsReviewTests.signer(rx, procedure, prefix: "\(name)-approver", roles: ["approver"])
        return CertificatesFixtures(
            rx: rx, procedure: procedure, tester: tester, reviewer: reviewer, approver: approver, certificatePrefix: prefix)
    }

    func close() async { await rx.close() }

    static func handwriting(seed: Int) -> Data { TestPNG.signature(width: 200 + 20 * seed, height: 60) }

    /// The handwritten signatures stored with a certificate, by role (sign_tester, sign_reviewer, sign_approver), as
    /// the addresses (SHA-256) of their PNGs in the certificates service's file store.
    func storedSignatures(_ certificateID: String) async throws -> [String: String] {
        let id = try #require(UUID(uuidString: certificateID))
        return try await withDatabase(TestEnvironment.database(schema: "certificates")) { database in
            let rows = try await database.query(
                "SELECT role, sha256 FROM certificate_inputs WHERE certificate_id = \(id) AND role LIKE 'sign\\_%'",
                logger: Logger(label: "cert-test"))
            var found: [String: String] = [:]
            for try await (role, sha256) in rows.decode((String, String).self) { found[role] = sha256 }
            return found
        }
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The signature ceremony with a handwritten signature, as the app does it (without one when `handwriting` is
    /// false: a fingerprint alone).
    func sign(
        _ signer: RecordsReviewTests.Signer, meaning: String, resource: String, digest: String, seed: Int, handwriting: Bool = true
    ) async throws
        -> Metrology_Identity_V1_SignatureReceipt
    {
        var request = Metrology_Identity_V1_CreateSignatureChallengeRequest()
        request.meaning = meaning
        request.resource = resource
        request.digest = digest
        request.deviceID = signer.person.deviceID ?? ""
        let challenge = try await client.call(IdentityMethods.createSignatureChallenge, request, options: signer.person.options)
        var complete = Metrology_Identity_V1_CompleteSignatureRequest()
        complete.challengeID = challenge.challengeID
        complete.digest = digest
        complete.signature = try signer.phone.key.signature(for: challenge.challenge).derRepresentation
        complete.method = "fingerprint"
        // A pen stroke as a signature pad delivers it (RGBA PNG), a little different for each signer.
        if handwriting { complete.handwritingPng = Self.handwriting(seed: seed) }
        return try await client.call(IdentityMethods.completeSignature, complete, options: signer.person.options)
    }

    /// An accepted task entered with `errors` (2 × 2 relative errors; the default passes), submitted by the tester and
    /// passed by the reviewer: it is on its way to the approval queue.
    func reviewedTask(errors: [String] = ["0.10", "0.12", "-0.05", "0.08"]) async throws -> Metrology_Records_V1_Task {
        let (_, accepted) = try await rx.acceptedTask(procedure: procedure, tester: tester.person)
        let task = try await rx.start(accepted.id, as: tester.person, standards: try await rx.chosenStandards(for: procedure))
        try await enterAll(task.id, errors: errors)
        return try await submitAndReview(task.id)
    }

    func enterAll(_ task: String, errors: [String], reason: String = "") async throws {
        try await RecordsReviewTests.enter(rx, task, RecordsReviewTests.cell("reading"), "20.05", as: tester.person, reason: reason)
        try await RecordsReviewTests.enter(rx, task, RecordsReviewTests.cell("standard_volume"), "20.00", as: tester.person, reason: reason)
        for (index, (point, run)) in [(Int32(1), Int32(1)), (1, 2), (2, 1), (2, 2)].enumerated() {
            try await RecordsReviewTests.enter(
                rx, task, RecordsReviewTests.cell("errors", point, run), errors[index], as: tester.person, reason: reason)
        }
    }

    func submitAndReview(_ task: String) async throws -> Metrology_Records_V1_Task {
        let submission = try await RecordsReviewTests.prepare(rx, task, as: tester.person)
        let tested = try await sign(tester, meaning: "verification", resource: submission.resource, digest: submission.digest, seed: 1)
        _ = try await RecordsReviewTests.submit(rx, task, receipt: tested.receipt, revision: submission.revision, as: tester.person)
        let review = try await RecordsReviewTests.prepare(rx, task, as: reviewer.person, review: true)
        let reviewed = try await sign(reviewer, meaning: "review", resource: review.resource, digest: review.digest, seed: 2)
        return try await RecordsReviewTests.review(rx, task, decision: "pass", receipt: reviewed.receipt, as: reviewer.person)
    }

    /// Waits for the record to reach the approval queue (certificates applies records.task.reviewed).
    func pendingApproval(_ task: String, round: Int = 1) async throws -> Metrology_Certificates_V1_Approval {
        var found: Metrology_Certificates_V1_Approval?
        _ = try await eventually(timeout: .seconds(20)) {
            var request = Metrology_Certificates_V1_GetApprovalRequest()
            request.taskID = task
            found = try? await client.call(CertificatesMethods.getApproval, request, options: approver.person.options)
            return found?.state == "pending"
        }
        guard let found, found.state == "pending" else { throw TestFailure("task \(task) did not reach the approval queue") }
        return found
    }

    /// PrepareApproval and the approver's 批准 signature.
    func approvalReceipt(_ task: String, as signer: RecordsReviewTests.Signer? = nil) async throws -> Metrology_Identity_V1_SignatureReceipt {
        let signer = signer ?? approver
        var request = Metrology_Certificates_V1_PrepareApprovalRequest()
        request.taskID = task
        let submission = try await client.call(CertificatesMethods.prepareApproval, request, options: signer.person.options)
        return try await sign(signer, meaning: submission.meaning, resource: submission.resource, digest: submission.digest, seed: 3)
    }

    func approve(
        _ task: String, receipt: String, messageID: String? = nil, as signer: RecordsReviewTests.Signer? = nil
    ) async throws
        -> Metrology_Certificates_V1_Certificate
    {
        let person = (signer ?? approver).person
        var request = Metrology_Certificates_V1_ApproveTaskRequest()
        request.taskID = task
        request.receipt = receipt
        let options = messageID.map { person.options(messageID: $0) } ?? person.options
        return try await client.call(CertificatesMethods.approveTask, request, options: options.withTimeout(.seconds(60)))
    }

    func certificate(_ id: String) async throws -> Metrology_Certificates_V1_Certificate {
        var request = Metrology_Certificates_V1_GetCertificateRequest()
        request.id = id
        return try await client.call(CertificatesMethods.getCertificate, request, options: approver.person.options)
    }

    /// Waits for the issue (or void) process: until `done` holds for the certificate.
    func waitFor(
        _ id: String, timeout: Duration = .seconds(90), _ done: @escaping @Sendable (Metrology_Certificates_V1_Certificate) -> Bool
    )
        async throws -> Metrology_Certificates_V1_Certificate
    {
        var last: Metrology_Certificates_V1_Certificate?
        _ = try await eventually(timeout: timeout, every: .milliseconds(250)) {
            last = try await certificate(id)
            return last.map(done) ?? false
        }
        guard let last, done(last) else {
            // What the issue process said about it, and how the converters fared, so a failure in CI can be read.
            let logs = TestEnvironment.state.appendingPathComponent("logs")
            let certificates = (try? String(contentsOf: logs.appendingPathComponent("certificates-1.log"), encoding: .utf8)) ?? ""
            let related = certificates.split(separator: "\n").filter {
                $0.contains(id) || $0.contains("certificate.issue") || $0.contains("onvert") || $0.contains("process") || $0.contains(" error ")
            }
            throw TestFailure(
                "certificate \(id) did not get there: \(String(describing: last))\ncertificates-1.log:\n\(related.suffix(40).joined(separator: "\n"))"
            )
        }
        return last
    }

    /// A stored file, read in chunks as the gateway streams it.
    func download(_ file: Metrology_Certificates_V1_StoredFile, chunk: Int32 = 64 * 1024) async throws -> Data {
        var data = Data()
        while true {
            var request = Metrology_Certificates_V1_ReadFileRequest()
            request.sha256 = file.sha256
            request.offset = Int64(data.count)
            request.length = chunk
            let part = try await client.call(CertificatesMethods.readFile, request, options: approver.person.options)
            data += part.content
            if part.last { return data }
        }
    }

    /// The customer's e-certificate, read without a token in chunks.
    func publicDownload(number: String, code: String) async throws -> Data {
        var data = Data()
        while true {
            var request = Metrology_Certificates_V1_ReadPublicCertificateRequest()
            request.number = number
            request.checkCode = code
            request.offset = Int64(data.count)
            request.length = 64 * 1024
            let part = try await client.call(CertificatesMethods.readPublicCertificate, request, options: .init(timeout: .seconds(20)))
            data += part.content
            if part.last { return data }
        }
    }

    func checkAuthenticity(number: String, code: String) async throws -> Metrology_Certificates_V1_Authenticity {
        var request = Metrology_Certificates_V1_CheckAuthenticityRequest()
        request.number = number
        request.checkCode = code
        // Anyone may ask: no token.
        return try await client.call(CertificatesMethods.checkAuthenticity, request, options: .init(timeout: .seconds(20)))
    }
}

extension CallOptions {
    func withTimeout(_ timeout: Duration) -> CallOptions {
        var options = self
        options.timeout = timeout
        return options
    }
}

/// poppler-utils, as a reader of the generated PDFs.
enum Poppler {
    static func run(_ tool: String, _ pdf: Data, arguments: [String] = []) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cert-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try await Spawn.output("/usr/bin/\(tool)", arguments + [file.path] + (tool == "pdftotext" ? ["-"] : []))
        return output
    }

    /// pdftotext's text without whitespace: it puts spaces between Chinese and Latin text and between the characters
    /// of a watermark, which say nothing about the document.
    static func text(_ pdf: Data) async throws -> String {
        compact(try await run("pdftotext", pdf))
    }

    static func compact(_ text: String) -> String { String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
}
