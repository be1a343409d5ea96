import Contracts
import Crypto
import Foundation
import Logging
import Messaging
import PostgresNIO
import RPCCore
import SwiftASN1
import Testing
import X509

/// Approval, issue, void and the public check (§4.3.11, §4.3.12) through the real broker, database and converter pool:
/// a record from data entry to a sealed PDF/A that pdfsig validates and pdftotext reads, the duties of three people,
/// retries that issue one certificate with one number, a return to data entry, a failed verification's notice, void
/// with its watermarked copy, and the authenticity check of genuine, voided and forged numbers.
@Suite("Certificates: approval to a sealed PDF", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct CertificatesTests {
    @Test(
        "a whole task from entry to a sealed PDF: queue, the approver's duties, number, fill, seal pdfsig validates, raw record kept, records closed, the public check"
    )
    func issue() async throws {
        let cx = try await CertificatesFixtures.make("cert-issue")
        defer { Task { await cx.close() } }
        let task = try await cx.reviewedTask()
        let queued = try await cx.pendingApproval(task.id)
        #expect(queued.rawRecordNumber == task.rawRecordNumber && queued.conclusion == "合格")
        #expect(queued.testerID == cx.tester.id && queued.reviewerID == cx.reviewer.id)

        // The queue lists it, sortable by the seed's four orders.
        for sort in ["time", "name", "number", "item"] {
            var list = Metrology_Certificates_V1_ListApprovalsRequest()
            list.itemID = cx.procedure.item.id
            list.sort = sort
            let page = try await cx.client.call(CertificatesMethods.listApprovals, list, options: cx.approver.person.options)
            #expect(page.approvals.map(\.taskID).contains(task.id), "sorted by \(sort)")
        }
        var badSort = Metrology_Certificates_V1_ListApprovalsRequest()
        badSort.sort = "colour"
        let refusedSort = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.listApprovals, badSort, options: cx.approver.person.options)
        }
        #expect(refusedSort.reason == "CERTIFICATES_SORT_INVALID")

        // Previews as they would be issued, stamped 预览: the certificate for the approver, the raw record for the tester.
        var preview = Metrology_Certificates_V1_PreviewDocumentRequest()
        preview.taskID = task.id
        let certificatePreview = try await cx.client.call(
            CertificatesMethods.previewDocument, preview, options: cx.approver.person.options.withTimeout(.seconds(60)))
        #expect(certificatePreview.kind == "certificate")
        let previewText = try await Poppler.text(certificatePreview.pdf)
        #expect(previewText.contains("预览") && previewText.contains(Poppler.compact(task.customerName)), "\(previewText)")
        preview.kind = "raw_record"
        let rawPreview = try await cx.client.call(
            CertificatesMethods.previewDocument, preview, options: cx.tester.person.options.withTimeout(.seconds(60)))
        #expect(rawPreview.kind == "raw_record")
        #expect(try await Poppler.text(rawPreview.pdf).contains(task.rawRecordNumber))
        preview.kind = "invoice"
        let badKind = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.previewDocument, preview, options: cx.tester.person.options)
        }
        #expect(badKind.reason == "CERTIFICATES_PREVIEW_KIND_INVALID")

        // Three people's duties: the tester and the reviewer hold the approver role too, and are refused.
        var prepare = Metrology_Certificates_V1_PrepareApprovalRequest()
        prepare.taskID = task.id
        let asTester = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.prepareApproval, prepare, options: cx.tester.person.options)
        }
        #expect(asTester.reason == "CERTIFICATES_APPROVER_IS_TESTER")
        let asReviewer = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.prepareApproval, prepare, options: cx.reviewer.person.options)
        }
        #expect(asReviewer.reason == "CERTIFICATES_APPROVER_IS_REVIEWER")
        let unqualified = try await RecordsReviewTests.signer(cx.rx, cx.procedure, prefix: "cert-unq", roles: ["approver"], qualified: false)
        let notQualified = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.prepareApproval, prepare, options: unqualified.person.options)
        }
        #expect(notQualified.reason == "CERTIFICATES_NOT_QUALIFIED")
        let desk = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.prepareApproval, prepare, options: cx.rx.desk.options)
        }
        #expect(desk.reason == "PERMISSION_DENIED")

        // A receipt for another resource, then no receipt at all.
        let elsewhere = try await cx.sign(
            cx.approver, meaning: "approval", resource: "certificates/approval/\(UUID().uuidString.lowercased())", digest: task.submittedDigest,
            seed: 4)
        let wrongResource = try await expectRPCError(.invalidArgument) { _ = try await cx.approve(task.id, receipt: elsewhere.receipt) }
        #expect(wrongResource.reason == "CERTIFICATES_RECEIPT_RESOURCE_MISMATCH")
        let noReceipt = try await expectRPCError(.invalidArgument) { _ = try await cx.approve(task.id, receipt: "") }
        #expect(noReceipt.reason == "CERTIFICATES_RECEIPT_REQUIRED")

        let receipt = try await cx.approvalReceipt(task.id)
        let approved = try await cx.approve(task.id, receipt: receipt.receipt)
        #expect(approved.number == cx.certificatePrefix + "0001")
        #expect(approved.kind == "certificate" && approved.taskID == task.id)
        #expect(approved.approverID == cx.approver.id && approved.validUntil.count == 10)
        let issued = try await cx.waitFor(approved.id) { $0.state != "issuing" }
        #expect(issued.state == "issued", "failure: \(issued.failure)")
        #expect(issued.pdf.mediaType == "application/pdf" && issued.pdf.size > 1000)
        // The three handwritten signatures are kept with the certificate under the hashes their receipts signed.
        let handwriting = [1: "sign_tester", 2: "sign_reviewer", 3: "sign_approver"].reduce(into: [String: String]()) {
            $0[$1.value] = CertificatesFixtures.sha256(CertificatesFixtures.handwriting(seed: $1.key))
        }
        #expect(try await cx.storedSignatures(issued.id) == handwriting)

        // The PDF as a reader sees it: the filled values, the number from the page header, a seal pdfsig validates.
        let pdf = try await cx.download(issued.pdf)
        #expect(pdf.count == Int(issued.pdf.size))
        // pdftotext puts spaces between Chinese and Latin text: compare without whitespace.
        let text = try await Poppler.text(pdf)
        #expect(text.contains(issued.number))
        #expect(text.contains("检定证书"))
        #expect(text.contains(Poppler.compact(task.customerName)))
        #expect(text.contains("0.12") && text.contains("-0.05"))
        #expect(CertificatesFixtures.pointLabels.allSatisfy(text.contains), "the readings table names its points")
        #expect(text.contains("检定结论：合格"))
        #expect(
            text.contains(Poppler.compact(cx.tester.person.user.displayName)) && text.contains(Poppler.compact(cx.approver.person.user.displayName)))
        #expect(text.contains("查验码\(issued.checkCode)"))
        // Kept beside the test stack's logs for people to look at (Docs/certificates/ screenshots come from here).
        if let state = TestEnvironment.values["METROLOGY_TEST_STATE"] {
            let samples = URL(fileURLWithPath: state).appendingPathComponent("samples")
            try? FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
            try? pdf.write(to: samples.appendingPathComponent("certificate.pdf"))
            try? (try await cx.download(issued.rawRecordPdf)).write(to: samples.appendingPathComponent("raw-record.pdf"))
            try? certificatePreview.pdf.write(to: samples.appendingPathComponent("certificate-preview.pdf"))
        }
        let signature = try await Poppler.run("pdfsig", pdf)
        #expect(signature.contains("Signature is Valid"), "\(signature)")
        #expect(signature.contains("Total document signed"), "\(signature)")
        let info = try await Poppler.run("pdfinfo", pdf, arguments: ["-meta"])
        #expect(info.contains("pdfaid:part") && (info.contains(">2<") || info.contains("pdfaid:part=\"2\"")), "PDF/A-2 metadata: \(info.suffix(400))")

        // Any edit of the signed bytes makes the seal invalid.
        var tampered = pdf
        let index = tampered.count / 3
        tampered[index] = tampered[index] == 0x41 ? 0x42 : 0x41
        let broken = try await Poppler.run("pdfsig", tampered)
        #expect(!broken.contains("Signature is Valid"), "\(broken)")

        // The raw record is rendered and sealed with it.
        let raw = try await cx.download(issued.rawRecordPdf)
        let rawText = try await Poppler.text(raw)
        #expect(rawText.contains(task.rawRecordNumber) && rawText.contains("原始记录"))
        #expect(try await Poppler.run("pdfsig", raw).contains("Signature is Valid"))

        // Records learns the outcome: the task is approved with its certificate number.
        let closed = try await eventually(timeout: .seconds(20)) { try await cx.rx.task(task.id).state == "approved" }
        #expect(closed)
        #expect(try await cx.rx.task(task.id).certificateNumber == issued.number)

        // The public check: genuine with the printed code, unknown with a wrong code or a made-up number.
        let genuine = try await cx.checkAuthenticity(number: issued.number, code: issued.checkCode.lowercased())
        #expect(genuine.status == "genuine" && genuine.instrumentSerial == issued.instrumentSerial && genuine.pdfSha256 == issued.pdf.sha256)
        #expect(genuine.manufacturer == "正星科技" && genuine.instrumentModel == "JYJ-2" && !genuine.institution.isEmpty)
        #expect(genuine.customerName.isEmpty, "the public answer names no customer")
        // The QR code on the page opens the public check with the number, the code and the seal's signature.
        // 300 dpi: at 150 a 25 mm version-10 code has about 3.5 pixels a module, and zbarimg sometimes misread it.
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("cert-page-\(UUID().uuidString)")
        try pdf.write(to: page.appendingPathExtension("pdf"))
        _ = try await Spawn.output(
            "/usr/bin/pdftoppm", ["-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile", page.appendingPathExtension("pdf").path, page.path])
        let scanned = try await Spawn.output("/usr/bin/zbarimg", ["--raw", "-q", page.appendingPathExtension("png").path])
        let link = try #require(URLComponents(string: scanned.trimmingCharacters(in: .whitespacesAndNewlines)), "QR: \(scanned)")
        let parameters = Dictionary(uniqueKeysWithValues: (link.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(parameters["n"] == issued.number && parameters["c"] == issued.checkCode && (parameters["s"]?.count ?? 0) > 40)
        // Offline: the QR's parameters verify with the seal certificate alone (CheckToken's message), and a changed
        // conclusion does not.
        let seal = try await cx.client.call(CertificatesMethods.getSeal, .init(), options: cx.approver.person.options)
        let sealKey = try #require(P256.Signing.PublicKey(try Certificate(pemEncoded: seal.certificatePem).publicKey))
        let qrSignature = try P256.Signing.ECDSASignature(derRepresentation: try #require(Self.base64url(parameters["s"] ?? "")))
        func message(conclusion: String) -> Data {
            let fields = ["metrology-check-v1", parameters["n"], parameters["c"], parameters["d"], conclusion, parameters["i"]]
            return Data(fields.map { $0 ?? "" }.joined(separator: "\n").utf8)
        }
        #expect(sealKey.isValidSignature(qrSignature, for: message(conclusion: parameters["r"] ?? "")))
        #expect(!sealKey.isValidSignature(qrSignature, for: message(conclusion: "不合格")))
        // The seal's private key is kept sealed with the service's data key, never in the clear.
        try await withDatabase(TestEnvironment.database(schema: "certificates")) { database in
            let rows = try await database.query(
                "SELECT count(*) FILTER (WHERE private_key_pem IS NOT NULL), count(*) FILTER (WHERE private_key_sealed IS NOT NULL) FROM seals",
                logger: Logger(label: "cert-test"))
            for try await (clear, sealed) in rows.decode((Int, Int).self) { #expect(clear == 0 && sealed >= 1) }
        }

        // The query: by conclusion, sorted by number.
        var byResult = Metrology_Certificates_V1_ListCertificatesRequest()
        byResult.itemID = cx.procedure.item.id
        byResult.conclusion = "合格"
        byResult.sort = "number"
        let passed = try await cx.client.call(CertificatesMethods.listCertificates, byResult, options: cx.approver.person.options)
        #expect(passed.certificates.map(\.id) == [issued.id])
        byResult.conclusion = "不合格"
        #expect(try await cx.client.call(CertificatesMethods.listCertificates, byResult, options: cx.approver.person.options).total == 0)
        byResult.sort = "colour"
        let badOrder = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.listCertificates, byResult, options: cx.approver.person.options)
        }
        #expect(badOrder.reason == "CERTIFICATES_SORT_INVALID")
        let wrongCode = try await cx.checkAuthenticity(number: issued.number, code: "AAAAAAAA")
        #expect(wrongCode.status == "unknown" && wrongCode.number.isEmpty)
        let forged = try await cx.checkAuthenticity(number: cx.certificatePrefix + "9999", code: issued.checkCode)
        #expect(forged.status == "unknown")
        // The customer downloads the e-certificate with the number and the code, without an account.
        #expect(try await cx.publicDownload(number: issued.number, code: issued.checkCode) == pdf)
        let wrongDownload = try await expectRPCError(.notFound) { _ = try await cx.publicDownload(number: issued.number, code: "AAAAAAAA") }
        #expect(wrongDownload.reason == "CERTIFICATES_PUBLIC_NOT_FOUND")
        let empty = try await expectRPCError(.invalidArgument) { _ = try await cx.checkAuthenticity(number: "", code: "X") }
        #expect(empty.reason == "CERTIFICATES_NUMBER_INVALID")
    }

    @Test("a number taken before a crash, a retried approval (same message id twice at once, then a new one) give one certificate and one number")
    func retries() async throws {
        let cx = try await CertificatesFixtures.make("cert-retry")
        defer { Task { await cx.close() } }
        let task = try await cx.reviewedTask()
        _ = try await cx.pendingApproval(task.id)
        // What a certificates instance killed after taking the number and before its write leaves behind: flows has
        // given the task's reference a number, no certificate exists. The approval that follows gets that number.
        var number = Metrology_Flows_V1_IssueNumberRequest()
        number.itemID = cx.procedure.item.id
        number.typeCode = RecordsFixtures.typeCode
        number.target = "certificate"
        number.reference = "task/\(task.id)"
        let taken = try await cx.client.call(FlowsMethods.issueNumber, number, options: cx.approver.person.options)
        #expect(taken.number == cx.certificatePrefix + "0001")
        let receipt = try await cx.approvalReceipt(task.id)
        let messageID = UUID().uuidString
        // Two deliveries of one call at once, then a third after: one certificate.
        async let first = cx.approve(task.id, receipt: receipt.receipt, messageID: messageID)
        async let second = cx.approve(task.id, receipt: receipt.receipt, messageID: messageID)
        let (a, b) = try await (first, second)
        #expect(a.id == b.id && a.number == b.number)
        let again = try await cx.approve(task.id, receipt: receipt.receipt, messageID: messageID)
        #expect(again.id == a.id)
        // A new call for the same task is a second approval: refused, nothing numbered.
        let twice = try await expectRPCError(.failedPrecondition) { _ = try await cx.approve(task.id, receipt: receipt.receipt) }
        #expect(twice.reason == "CERTIFICATES_APPROVAL_STATE")
        #expect(a.number == taken.number)
        // Flows still answers the task's reference with that number, and its count moved once.
        #expect(try await cx.client.call(FlowsMethods.issueNumber, number, options: cx.approver.person.options).number == a.number)
        var rules = Metrology_Flows_V1_ListNumberingRulesRequest()
        rules.itemID = cx.procedure.item.id
        let counted = try await cx.client.call(FlowsMethods.listNumberingRules, rules, options: cx.rx.admin)
        #expect(counted.rules.first { $0.target == "certificate" }?.issuedCount == 1)
        let issued = try await cx.waitFor(a.id) { $0.state != "issuing" }
        #expect(issued.state == "issued")
        var list = Metrology_Certificates_V1_ListCertificatesRequest()
        list.text = task.rawRecordNumber
        let listed = try await cx.client.call(CertificatesMethods.listCertificates, list, options: cx.approver.person.options)
        #expect(listed.certificates.map(\.id) == [a.id] && listed.total == 1)
    }

    @Test("handwriting altered in identity after it was signed is refused, not printed (CERTIFICATES_HANDWRITING_MISMATCH); a new signature approves")
    func handwritingAlteredAtRest() async throws {
        let cx = try await CertificatesFixtures.make("cert-hw")
        defer { Task { await cx.close() } }
        let task = try await cx.reviewedTask()
        _ = try await cx.pendingApproval(task.id)
        var prepare = Metrology_Certificates_V1_PrepareApprovalRequest()
        prepare.taskID = task.id
        let submission = try await cx.client.call(CertificatesMethods.prepareApproval, prepare, options: cx.approver.person.options)
        // A pen stroke no other test signs, so the certificates file store does not hold it and fetches it from identity.
        let receipt = try await cx.sign(cx.approver, meaning: submission.meaning, resource: submission.resource, digest: submission.digest, seed: 11)
        let receiptID = try #require(UUID(uuidString: receipt.receiptID))
        try await withDatabase(superuserDatabase) { admin in
            try await admin.query(
                "UPDATE identity.signature_receipts SET handwriting_png = \(CertificatesFixtures.handwriting(seed: 12)) WHERE id = \(receiptID)",
                logger: TestEnvironment.logger)
        }
        let refused = try await expectRPCError(.failedPrecondition) { _ = try await cx.approve(task.id, receipt: receipt.receipt) }
        #expect(refused.reason == "CERTIFICATES_HANDWRITING_MISMATCH")
        #expect(refused.details["receiptId"] == receipt.receiptID)
        // Nothing of the refused approval was kept: the task still waits, and a new signature approves it.
        #expect(try await cx.pendingApproval(task.id).state == "pending")
        let certificate = try await cx.approve(task.id, receipt: try await cx.approvalReceipt(task.id).receipt)
        #expect(try await cx.waitFor(certificate.id) { $0.state != "issuing" }.state == "issued")
    }

    @Test("a returned approval needs a reason, sends the task back to data entry, and the next review comes back as a new round")
    func returned() async throws {
        let cx = try await CertificatesFixtures.make("cert-return")
        defer { Task { await cx.close() } }
        let task = try await cx.reviewedTask()
        _ = try await cx.pendingApproval(task.id)
        var request = Metrology_Certificates_V1_ReturnTaskRequest()
        request.taskID = task.id
        let noReason = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.returnTask, request, options: cx.approver.person.options)
        }
        #expect(noReason.reason == "CERTIFICATES_REASON_REQUIRED")
        request.reason = "标准器证书编号与记录不符，请核对"
        let returned = try await cx.client.call(CertificatesMethods.returnTask, request, options: cx.approver.person.options)
        #expect(returned.state == "returned" && returned.returnReason == request.reason)
        let back = try await eventually(timeout: .seconds(20)) { try await cx.rx.task(task.id).state == "returned" }
        #expect(back)
        #expect(try await cx.rx.task(task.id).returnReason.contains(request.reason))
        // A decided record takes no second decision.
        let decided = try await expectRPCError(.failedPrecondition) {
            _ = try await cx.client.call(CertificatesMethods.returnTask, request, options: cx.approver.person.options)
        }
        #expect(decided.reason == "CERTIFICATES_APPROVAL_STATE")

        // The tester corrects and submits again; the reviewer passes; the approver sees it pending again.
        try await RecordsReviewTests.enter(
            cx.rx, task.id, RecordsReviewTests.cell("reading"), "20.06", as: cx.tester.person, reason: "批准退回后复核")
        try await RecordsReviewTests.enter(
            cx.rx, task.id, RecordsReviewTests.cell("standard_volume"), "20.00", as: cx.tester.person, reason: "按顺序重新确认")
        for (point, run, value) in [(Int32(1), Int32(1), "0.10"), (1, 2, "0.12"), (2, 1, "-0.05"), (2, 2, "0.08")] {
            try await RecordsReviewTests.enter(
                cx.rx, task.id, RecordsReviewTests.cell("errors", point, run), value, as: cx.tester.person, reason: "按顺序重新确认")
        }
        _ = try await cx.submitAndReview(task.id)
        let again = try await cx.pendingApproval(task.id)
        #expect(again.returnReason.isEmpty)
        let certificate = try await cx.approve(task.id, receipt: try await cx.approvalReceipt(task.id).receipt)
        #expect(certificate.number == cx.certificatePrefix + "0001")
        #expect(try await cx.waitFor(certificate.id) { $0.state != "issuing" }.state == "issued")
    }

    @Test(
        "a failed verification issues a result notice; void needs a reason, keeps the original and adds a sealed copy marked 作废 on every page; re-issue with a new number"
    )
    func noticeAndVoid() async throws {
        let cx = try await CertificatesFixtures.make("cert-void")
        defer { Task { await cx.close() } }
        let failed = try await cx.reviewedTask(errors: ["0.50", "0.60", "0.40", "0.45"])
        #expect(failed.conclusion == "不合格")
        _ = try await cx.pendingApproval(failed.id)
        let notice = try await cx.approve(failed.id, receipt: try await cx.approvalReceipt(failed.id).receipt)
        #expect(notice.kind == "notice" && notice.validUntil.isEmpty)
        let issuedNotice = try await cx.waitFor(notice.id) { $0.state != "issuing" }
        #expect(issuedNotice.state == "issued", "failure: \(issuedNotice.failure)")
        #expect(try await Poppler.text(try await cx.download(issuedNotice.pdf)).contains("检定结果通知书"))
        // The same handwriting as the other tests' certificates: whichever approval comes second finds it stored and
        // stores only its address, and the certificate names the same files.
        let handwriting = [1: "sign_tester", 2: "sign_reviewer", 3: "sign_approver"].reduce(into: [String: String]()) {
            $0[$1.value] = CertificatesFixtures.sha256(CertificatesFixtures.handwriting(seed: $1.key))
        }
        #expect(try await cx.storedSignatures(notice.id) == handwriting)

        var void = Metrology_Certificates_V1_VoidCertificateRequest()
        void.id = notice.id
        let noReason = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)
        }
        #expect(noReason.reason == "CERTIFICATES_REASON_REQUIRED")
        let clerk = try await cx.rx.person("cert-clerk", roles: ["verifier"])
        void.reason = "委托单位名称填写错误"
        let notAllowed = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: clerk.options)
        }
        #expect(notAllowed.reason == "PERMISSION_DENIED")
        let voided = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)
        #expect(voided.state == "voided" && voided.voidReason == void.reason && voided.voidedByName == cx.approver.person.user.displayName)
        // Void takes effect at once: the public check says so before the watermarked copy exists.
        #expect(try await cx.checkAuthenticity(number: notice.number, code: notice.checkCode).status == "voided")
        let again = try await expectRPCError(.failedPrecondition) {
            _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)
        }
        #expect(again.reason == "CERTIFICATES_CERTIFICATE_STATE")

        let withCopy = try await cx.waitFor(notice.id) { $0.hasVoidedPdf }
        #expect(withCopy.pdf.sha256 == issuedNotice.pdf.sha256, "the original is kept")
        let copy = try await cx.download(withCopy.voidedPdf)
        if let state = TestEnvironment.values["METROLOGY_TEST_STATE"] {
            try? copy.write(to: URL(fileURLWithPath: state).appendingPathComponent("samples/voided.pdf"))
        }
        let pages = try await Poppler.run("pdfinfo", copy).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        let text = try await Poppler.text(copy)
        let pageCount = Int(pages?.split(separator: " ").last ?? "0") ?? 0
        #expect(pageCount >= 1 && text.components(separatedBy: "作废").count - 1 >= pageCount, "作废 on each of \(pageCount) pages")
        #expect(try await Poppler.run("pdfsig", copy).contains("Signature is Valid"))
        #expect(try await cx.download(issuedNotice.pdf).count == Int(issuedNotice.pdf.size))
        // The customer's download is the voided copy from now on.
        #expect(try await cx.publicDownload(number: notice.number, code: notice.checkCode) == copy)

        // Re-issued only as a new certificate with a new number that references the voided one, approved again.
        let resource = "certificates/reissue/\(notice.id)"
        var reissue = Metrology_Certificates_V1_ReissueCertificateRequest()
        reissue.id = notice.id
        reissue.receipt = try await cx.sign(cx.tester, meaning: "approval", resource: resource, digest: failed.submittedDigest, seed: 5).receipt
        let byTester = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(CertificatesMethods.reissueCertificate, reissue, options: cx.tester.person.options)
        }
        #expect(byTester.reason == "CERTIFICATES_APPROVER_IS_TESTER")
        // The approver signs this time with a fingerprint alone: no handwriting is fetched or stored, the certificate
        // prints the name.
        reissue.receipt = try await cx.sign(
            cx.approver, meaning: "approval", resource: resource, digest: failed.submittedDigest, seed: 6, handwriting: false
        ).receipt
        let reissued = try await cx.client.call(
            CertificatesMethods.reissueCertificate, reissue, options: cx.approver.person.options.withTimeout(.seconds(60)))
        #expect(reissued.number == cx.certificatePrefix + "0002" && reissued.replacesID == notice.id && reissued.replacesNumber == notice.number)
        let reissuedDone = try await cx.waitFor(reissued.id) { $0.state != "issuing" }
        #expect(reissuedDone.state == "issued", "failure: \(reissuedDone.failure)")
        #expect(try await cx.storedSignatures(reissued.id) == handwriting.filter { $0.key != "sign_approver" })
        let reissuedText = try await Poppler.text(try await cx.download(reissuedDone.pdf))
        #expect(reissuedText.contains(Poppler.compact(cx.approver.person.user.displayName)))
        // The record's point labels carry over: the readings table is the voided one's, not numbered points.
        #expect(CertificatesFixtures.pointLabels.allSatisfy(reissuedText.contains), "the re-issued readings table names its points")
        #expect(try await cx.certificate(notice.id).replacedByID == reissued.id)
        let twice = try await expectRPCError(.failedPrecondition) {
            _ = try await cx.client.call(CertificatesMethods.reissueCertificate, reissue, options: cx.approver.person.options)
        }
        #expect(twice.reason == "CERTIFICATES_ALREADY_REISSUED")
        var issuedOne = Metrology_Certificates_V1_ReissueCertificateRequest()
        issuedOne.id = reissued.id
        issuedOne.receipt = reissue.receipt
        let notVoided = try await expectRPCError(.failedPrecondition) {
            _ = try await cx.client.call(CertificatesMethods.reissueCertificate, issuedOne, options: cx.approver.person.options)
        }
        #expect(notVoided.reason == "CERTIFICATES_CERTIFICATE_STATE")

        // The item's certificates page by page, newest first: the same rows as one page, each once.
        var all = Metrology_Certificates_V1_ListCertificatesRequest()
        all.itemID = cx.procedure.item.id
        all.pageSize = 50
        let whole = try await cx.client.call(CertificatesMethods.listCertificates, all, options: cx.approver.person.options)
        #expect(whole.certificates.count >= 2 && whole.total == Int64(whole.certificates.count))
        #expect(whole.certificates.map(\.id).contains(reissued.id) && whole.certificates.first?.id == reissued.id, "the newest first")
        var paged: [String] = []
        var one = all
        one.pageSize = 1
        var firstCursor = ""
        repeat {
            let page = try await cx.client.call(CertificatesMethods.listCertificates, one, options: cx.approver.person.options)
            paged += page.certificates.map(\.id)
            if firstCursor.isEmpty { firstCursor = page.nextCursor }
            one.cursor = page.nextCursor
        } while !one.cursor.isEmpty && paged.count <= whole.certificates.count
        #expect(paged == whole.certificates.map(\.id))
        // A cursor whose instant is not a real one is refused before it reaches the database.
        let parts = try JSONDecoder().decode([String].self, from: try #require(Self.base64url(firstCursor)))
        let forgedParts = [parts[0], "2026-02-30T08:00:00.000000", parts[2]]
        one.cursor = try JSONEncoder().encode(forgedParts).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let badCursor = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(CertificatesMethods.listCertificates, one, options: cx.approver.person.options)
        }
        #expect(badCursor.reason == "PAGE_CURSOR_INVALID")
    }

    static func base64url(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
