import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import NIOFoundationEssentialsCompat
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/approvals*`, `/v1/certificates*`, `/v1/public/certificates/check`, `/v1/seal` and the `/check` page: the
/// certificates service's answers map onto the document's schemas, PDFs are streamed chunk by chunk, the public check
/// needs no token, and a service refusal is a problem document with the service's reason.
@Suite struct CertificatesRoutesTests {
    let gateway = TestGateway()

    static func approval(state: String = "pending", withTask: Bool = false) -> Metrology_Certificates_V1_Approval {
        var approval = Metrology_Certificates_V1_Approval()
        approval.taskID = "t-1"
        approval.state = state
        approval.rawRecordNumber = "YS20261202-0001"
        approval.itemID = "i-1"
        approval.itemName = "燃油加油机"
        approval.typeCode = "verification:initial"
        approval.instrumentName = "加油机"
        approval.conclusion = "合格"
        approval.testerName = "张三"
        approval.reviewerName = "李四"
        approval.reviewedAt = .init(seconds: 1_714_550_400)
        if withTask {
            var task = Metrology_Records_V1_Task()
            task.id = "t-1"
            task.state = "approved"
            task.rawRecordNumber = "YS20261202-0001"
            task.certificateNumber = "JD2026-000123"
            task.approvedAt = .init(seconds: 1_714_554_000)
            var value = Metrology_Records_V1_RecordValue()
            value.cell.itemCode = "v_indicated"
            value.cell.point = 1
            value.value = "20.00"
            task.values = [value]
            approval.task = task
        }
        return approval
    }

    static func certificate(voided: Bool = false, size: Int64 = 10) -> Metrology_Certificates_V1_Certificate {
        var certificate = Metrology_Certificates_V1_Certificate()
        certificate.id = "c-1"
        certificate.number = "JD2026-000123"
        certificate.kind = "certificate"
        certificate.state = voided ? "voided" : "issued"
        certificate.taskID = "t-1"
        certificate.issuedAt = .init(seconds: 1_714_557_600)
        certificate.pdf.sha256 = "aa11"
        certificate.pdf.mediaType = "application/pdf"
        certificate.pdf.size = size
        certificate.rawRecordPdf.sha256 = "bb22"
        certificate.rawRecordPdf.size = size
        certificate.checkCode = "K7Q2"
        if voided {
            certificate.voidedPdf.sha256 = "cc33"
            certificate.voidedPdf.size = size
            certificate.voidReason = "数据录入错误"
            certificate.voidedAt = .init(seconds: 1_714_600_000)
        }
        return certificate
    }

    @Test func approvalQueueMapsFiltersSortAndPage() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.listApprovals) { _ in
            var response = Metrology_Certificates_V1_ListApprovalsResponse()
            response.approvals = [Self.approval()]
            response.total = 41
            response.nextCursor = "n2"
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/approvals?state=pending&itemId=i-1&typeCode=verification:initial&sort=name&descending=true&pageSize=20&cursor=n1",
                method: .get, headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 41)
                #expect(json["nextCursor"] as? String == "n2")
                let approval = try #require((json["approvals"] as? [[String: Any]])?.first)
                #expect(approval["taskId"] as? String == "t-1")
                #expect(approval["state"] as? String == "pending")
                #expect(approval["reviewedAt"] as? String == "2024-05-01T08:00:00Z")
                // Not decided yet: absent, not 1970; a list carries no record.
                #expect(approval["decidedAt"] == nil)
                #expect(approval["task"] == nil)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Certificates_V1_ListApprovalsRequest.self)
        #expect(sent.state == "pending")
        #expect(sent.itemID == "i-1")
        #expect(sent.typeCode == "verification:initial")
        #expect(sent.sort == "name")
        #expect(sent.descending)
        #expect(sent.pageSize == 20)
        #expect(sent.cursor == "n1")
    }

    @Test func approvalCarriesTheRecordWithItsCertificateFields() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.getApproval) { request in
            #expect(request.taskID == "t-1")
            return Self.approval(state: "approved", withTask: true)
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/approvals/t-1", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                let task = try #require(json["task"] as? [String: Any])
                #expect(task["state"] as? String == "approved")
                #expect(task["certificateNumber"] as? String == "JD2026-000123")
                #expect(task["approvedAt"] as? String == "2024-05-01T09:00:00Z")
                let values = try #require(task["values"] as? [[String: Any]])
                #expect(values.first?["value"] as? String == "20.00")
            }
        }
    }

    @Test func prepareApproveAndReturnPassTheirInputAndIdempotencyKey() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.prepareApproval) { request in
            var submission = Metrology_Certificates_V1_ApprovalSubmission()
            submission.taskID = request.taskID
            submission.resource = "certificates/approval/\(request.taskID)"
            submission.digest = "d1g3st"
            submission.meaning = "approval"
            return submission
        }
        backend.answer(CertificatesMethods.approveTask) { _ in
            var certificate = Self.certificate()
            certificate.state = "issuing"
            certificate.clearPdf()
            return certificate
        }
        backend.answer(CertificatesMethods.returnTask) { _ in Self.approval(state: "returned") }
        var approveHeaders = try gateway.authorization()
        approveHeaders[.init("Idempotency-Key")!] = "approve-t1-0001"
        let headers = approveHeaders
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/approvals/t-1/submission", method: .post, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["resource"] as? String == "certificates/approval/t-1")
                #expect(json["meaning"] as? String == "approval")
                #expect(json["digest"] as? String == "d1g3st")
            }
            try await client.execute(
                uri: "/v1/approvals/t-1/approve", method: .post, headers: headers, body: ByteBuffer(string: #"{"receipt":"eyJ.r.s"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["state"] as? String == "issuing")
                #expect(json["number"] as? String == "JD2026-000123")
                // No PDF yet: the field is absent rather than an empty file.
                #expect(json["pdf"] == nil)
            }
            try await client.execute(
                uri: "/v1/approvals/t-1/return", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"reason":"示值误差计算有误"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["state"] as? String == "returned")
            }
        }
        let calls = backend.calls.all
        let names: [String] = calls.map { String($0.fullName.split(separator: "/").last ?? "") }
        #expect(names == ["PrepareApproval", "ApproveTask", "ReturnTask"])
        let approve = try calls[1].request(as: Metrology_Certificates_V1_ApproveTaskRequest.self)
        #expect(approve.taskID == "t-1")
        #expect(approve.receipt == "eyJ.r.s")
        #expect(calls[1].messageID == "approve-t1-0001")
        #expect(try calls[2].request(as: Metrology_Certificates_V1_ReturnTaskRequest.self).reason == "示值误差计算有误")
    }

    @Test func serviceRefusalIsAProblemWithItsReason() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.approveTask) { _ in
            throw RPCError(code: .failedPrecondition, message: "批准人不能是该记录的核验员", reason: "CERTIFICATES_APPROVER_IS_REVIEWER")
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/approvals/t-1/approve", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: #"{"receipt":"x"}"#)
            ) { response in
                try expectProblem(response, .badRequest, code: "CERTIFICATES_APPROVER_IS_REVIEWER")
                #expect(try jsonObject(response.body)["title"] as? String == "批准人不能是该记录的核验员")
            }
            // A body without the receipt never reaches the service.
            try await client.execute(
                uri: "/v1/approvals/t-1/approve", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: "{}")
            ) {
                response in
                try expectProblem(response, .badRequest, code: "INVALID_JSON")
            }
        }
        #expect(backend.calls.all.count == 1)
    }

    @Test func certificatesListMapsFiltersAndFiles() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.listCertificates) { _ in
            var response = Metrology_Certificates_V1_ListCertificatesResponse()
            response.certificates = [Self.certificate(voided: true)]
            response.total = 1
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/certificates?text=%E5%8A%A0%E6%B2%B9&state=voided&kind=certificate&issuedFrom=2024-05-01&issuedTo=2024-05-31&pageSize=50"
                    + "&conclusion=%E5%90%88%E6%A0%BC&sort=number&descending=true",
                method: .get, headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                let certificate = try #require((json["certificates"] as? [[String: Any]])?.first)
                #expect(certificate["state"] as? String == "voided")
                #expect((certificate["voidedPdf"] as? [String: Any])?["sha256"] as? String == "cc33")
                #expect((certificate["pdf"] as? [String: Any])?["size"] as? Int == 10)
                #expect(certificate["voidedAt"] as? String != nil)
                #expect(certificate["approvedAt"] == nil)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Certificates_V1_ListCertificatesRequest.self)
        #expect(sent.text == "加油")
        #expect(sent.state == "voided")
        #expect(sent.kind == "certificate")
        #expect(sent.issuedFrom == "2024-05-01")
        #expect(sent.issuedTo == "2024-05-31")
        #expect(sent.pageSize == 50)
        #expect(sent.conclusion == "合格")
        #expect(sent.sort == "number")
        #expect(sent.descending)
        #expect(!sent.ascending)
    }

    @Test func voidSendsTheReason() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.voidCertificate) { _ in Self.certificate(voided: true) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/certificates/c-1/void", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"reason":"数据录入错误"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["voidReason"] as? String == "数据录入错误")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Certificates_V1_VoidCertificateRequest.self)
        #expect(sent.id == "c-1")
        #expect(sent.reason == "数据录入错误")
    }

    /// A file of 2 MiB + 100 bytes in three chunks: the body is their concatenation, Content-Length the stored size,
    /// and each chunk was asked for at the offset where the last one ended, with the caller's token.
    @Test func pdfIsStreamedChunkByChunk() async throws {
        let size = 2 * (1 << 20) + 100
        let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.getCertificate) { _ in Self.certificate(voided: true, size: Int64(size)) }
        backend.answer(CertificatesMethods.readFile) { request in
            #expect(request.sha256 == "cc33")
            #expect(request.length == 1 << 20)
            let start = Int(request.offset)
            let end = min(start + Int(request.length), size)
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file.sha256 = request.sha256
            chunk.file.mediaType = "application/pdf"
            chunk.file.size = Int64(size)
            chunk.offset = request.offset
            chunk.content = Data(content[start..<end])
            chunk.last = end == size
            return chunk
        }
        var downloadHeaders = try gateway.authorization()
        downloadHeaders[.init("Idempotency-Key")!] = "download-c1-0001"
        let headers = downloadHeaders
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/certificates/c-1/pdf?copy=voided", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentLength] == "\(size)")
                #expect(response.headers[.contentDisposition] == "attachment; filename*=UTF-8''JD2026-000123-%E4%BD%9C%E5%BA%9F.pdf")
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(Array(response.body.readableBytesView) == content)
            }
        }
        let reads = backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }
        let offsets = try reads.map { try $0.request(as: Metrology_Certificates_V1_ReadFileRequest.self).offset }
        #expect(offsets == [0, 1 << 20, 2 << 20])
        #expect(reads.allSatisfy { $0.accessToken != nil && $0.messageID == nil })
    }

    @Test func originalIsNamedByTheNumberAndAMissingCopyIs404() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.getCertificate) { _ in Self.certificate() }
        backend.answer(CertificatesMethods.readFile) { request in
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file.size = 10
            chunk.offset = request.offset
            chunk.content = Data("%PDF-1.7\n\n".utf8)
            chunk.last = true
            return chunk
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/certificates/c-1/pdf", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition] == "attachment; filename*=UTF-8''JD2026-000123.pdf")
                #expect(String(buffer: response.body) == "%PDF-1.7\n\n")
            }
            // Not voided: no voided copy, and no file is read.
            try await client.execute(uri: "/v1/certificates/c-1/pdf?copy=voided", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .notFound, code: "CERTIFICATES_FILE_NOT_FOUND")
            }
            try await client.execute(uri: "/v1/certificates/c-1/pdf?copy=other", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: "QUERY_PARAMETER_INVALID")
            }
            try await client.execute(uri: "/v1/certificates/c-1/pdf", method: .get) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }.count == 1)
    }

    /// A chunk that does not continue where the previous one ended ends the body short rather than sending wrong bytes.
    @Test func inconsistentChunkEndsTheDownloadShort() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.getCertificate) { _ in Self.certificate(size: 8) }
        backend.answer(CertificatesMethods.readFile) { request in
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file.size = 8
            chunk.offset = 0  // always the start: a broken service
            chunk.content = Data("ABCD".utf8)
            return chunk
        }
        try await gateway.app(backend).test(.live) { client in
            let response = try? await client.execute(uri: "/v1/certificates/c-1/pdf", method: .get, headers: try gateway.authorization())
            if let response { #expect(response.body.readableBytes < 8) }
        }
        #expect(backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }.count == 2)
    }

    @Test func publicCheckNeedsNoToken() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.checkAuthenticity) { request in
            var answer = Metrology_Certificates_V1_Authenticity()
            answer.status = request.number == "JD2026-000123" && request.checkCode == "K7Q2" ? "genuine" : "unknown"
            answer.message = answer.status == "genuine" ? "该证书真实有效" : "查无此证书"
            if answer.status == "genuine" {
                answer.number = request.number
                answer.issuedAt = .init(seconds: 1_714_557_600)
            }
            return answer
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/public/certificates/check?number=JD2026-000123&code=K7Q2", method: .get) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["status"] as? String == "genuine")
                #expect(json["issuedAt"] as? String == "2024-05-01T10:00:00Z")
            }
            try await client.execute(uri: "/v1/public/certificates/check?number=NOPE&code=0000", method: .get) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["status"] as? String == "unknown")
            }
            try await client.execute(uri: "/v1/public/certificates/check?number=JD2026-000123", method: .get) { response in
                try expectProblem(response, .badRequest, code: "QUERY_PARAMETER_MISSING")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["code": "必填"])
            }
        }
        let calls = backend.calls.all
        #expect(calls.count == 2)
        #expect(calls.allSatisfy { $0.accessToken == nil })
    }

    @Test func publicCheckIsRateLimitedApartFromLogin() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.checkAuthenticity) { _ in
            var answer = Metrology_Certificates_V1_Authenticity()
            answer.status = "unknown"
            return answer
        }
        backend.answers[IdentityMethods.login.fullName] = { _ in throw RPCError.unauthenticated("用户名或密码错误", reason: "IDENTITY_BAD_CREDENTIALS") }
        let settings = RateLimitSettings(burst: 2, perMinute: 1)
        try await gateway.app(backend, rateLimit: settings, clock: { .zero }).test(.router) { client in
            for expected in [HTTPResponse.Status.ok, .ok, .tooManyRequests] {
                try await client.execute(uri: "/v1/public/certificates/check?number=A&code=B", method: .get) { response in
                    #expect(response.status == expected)
                    if expected == .tooManyRequests {
                        try expectProblem(response, .tooManyRequests, code: "RATE_LIMITED")
                        #expect((try jsonObject(response.body)["title"] as? String)?.hasPrefix("查询过于频繁") == true)
                    }
                }
            }
            // Checks drained their own bucket, not the address's sign-in bucket.
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"a","password":"b"}"#)) {
                response in
                try expectProblem(response, .unauthorized, code: "IDENTITY_BAD_CREDENTIALS")
            }
        }
    }

    @Test func checkPageIsServedWithoutSigningIn() async throws {
        try await gateway.app(FakeBackend()).test(.router) { client in
            try await client.execute(uri: "/check?n=JD2026-000123&c=K7Q2", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("证书真伪查询"))
                #expect(html.contains("/console/js/check.js"))
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
            }
            try await client.execute(uri: "/console/js/check.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("/v1/public/certificates/check"))
            }
        }
    }

    @Test func sealIsShownAndImported() async throws {
        var backend = FakeBackend()
        let seal: @Sendable (String) -> Metrology_Certificates_V1_Seal = { origin in
            var seal = Metrology_Certificates_V1_Seal()
            seal.institution = "某市计量检定测试所"
            seal.subject = "CN=某市计量检定测试所"
            seal.fingerprint = "ab12cd34"
            seal.origin = origin
            seal.notBefore = .init(seconds: 1_714_550_400)
            seal.notAfter = .init(seconds: 1_777_622_400)
            return seal
        }
        backend.answer(CertificatesMethods.getSeal) { _ in seal("generated") }
        backend.answer(CertificatesMethods.importSeal) { _ in seal("imported") }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/seal", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["origin"] as? String == "generated")
                #expect(json["notAfter"] as? String == "2026-05-01T08:00:00Z")
                #expect(json["installedAt"] == nil)
            }
            try await client.execute(
                uri: "/v1/seal", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"certificatePem":"-----BEGIN CERTIFICATE-----","privateKeyPem":"-----BEGIN PRIVATE KEY-----"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["origin"] as? String == "imported")
                #expect(json["privateKeyPem"] == nil)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Certificates_V1_ImportSealRequest.self)
        #expect(sent.certificatePem == "-----BEGIN CERTIFICATE-----")
        #expect(sent.privateKeyPem == "-----BEGIN PRIVATE KEY-----")
    }
}
