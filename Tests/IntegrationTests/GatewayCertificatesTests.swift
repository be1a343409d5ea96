import Foundation
import Testing

/// The certificates routes through the real gateway and certificates service: the approval queue, the public check
/// without a token, a download of a certificate that does not exist, and the seal made at first start.
@Suite("Gateway certificates", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct GatewayCertificatesTests {
    init() async throws {
        try await PlatformStack.shared.start()
    }

    func adminToken() async throws -> String {
        try #require(try await adminLogin()["accessToken"] as? String)
    }

    /// A new approver (the administrator has no certificates.approve), signed in over HTTP.
    func approverToken() async throws -> String {
        let admin = try await adminToken()
        let username = "gwappr\(UUID().uuidString.prefix(6).lowercased())"
        let password = "Gw-Approver-\(UUID().uuidString.prefix(8))1!"
        let created = try await http(
            "POST", "/v1/users",
            json: ["username": username, "displayName": username, "password": password, "roles": ["approver"], "requirePasswordChange": false],
            token: admin)
        guard created.status == 201 || created.status == 200 else { throw TestFailure("create approver: \(created.status) \(created.text)") }
        let login = try await http("POST", "/v1/auth/login", json: ["username": username, "password": password])
        return try #require(login.json["accessToken"] as? String)
    }

    @Test("the approval queue answers a page (empty for an item with no reviewed records); the administrator is refused")
    func approvalQueue() async throws {
        let token = try await approverToken()
        let page = try await http("GET", "/v1/approvals?itemId=\(UUID().uuidString.lowercased())&sort=name&pageSize=5", token: token)
        #expect(page.status == 200)
        #expect((page.json["approvals"] as? [Any])?.isEmpty == true)
        #expect(page.json["total"] as? Int == 0)
        #expect(page.json["nextCursor"] as? String == "")
        let administrator = try await http("GET", "/v1/approvals", token: try await adminToken())
        #expect(administrator.status == 403)
        #expect(administrator.json["code"] as? String == "PERMISSION_DENIED")
        let anonymous = try await http("GET", "/v1/approvals")
        #expect(anonymous.status == 401)
        #expect(anonymous.json["code"] as? String == "TOKEN_MISSING")
    }

    @Test("the public check answers an unknown number with 200 and status unknown, without a token")
    func publicCheck() async throws {
        let answer = try await http("GET", "/v1/public/certificates/check?number=NO-SUCH-\(UUID().uuidString.prefix(8))&code=ABCD")
        #expect(answer.status == 200)
        #expect(answer.json["status"] as? String == "unknown")
        #expect(answer.json["number"] as? String == "")
        let page = try await http("GET", "/check?n=X&c=Y")
        #expect(page.status == 200)
        #expect(page.text.contains("证书真伪查询"))
    }

    @Test(
        "the customer's download without a token: an unknown number or code is 404 CERTIFICATES_PUBLIC_NOT_FOUND; a preview of an unknown task is 404"
    )
    func publicDownloadAndPreview() async throws {
        let unknown = try await http("GET", "/v1/public/certificates/pdf?number=JD-NOPE-0001&code=ABCD2345")
        #expect(unknown.status == 404)
        #expect(unknown.json["code"] as? String == "CERTIFICATES_PUBLIC_NOT_FOUND")
        let preview = try await http("GET", "/v1/tasks/\(UUID().uuidString.lowercased())/preview?kind=raw_record", token: try await approverToken())
        #expect(preview.status == 404)
        let anonymous = try await http("GET", "/v1/tasks/\(UUID().uuidString.lowercased())/preview")
        #expect(anonymous.status == 401)
    }

    @Test("a certificate that does not exist: 404 for its PDF and its details")
    func unknownCertificate() async throws {
        let token = try await adminToken()
        let id = UUID().uuidString.lowercased()
        let pdf = try await http("GET", "/v1/certificates/\(id)/pdf", token: token)
        #expect(pdf.status == 404)
        #expect(pdf.contentType.hasPrefix("application/problem+json"))
        #expect(pdf.json["code"] as? String == "CERTIFICATES_CERTIFICATE_NOT_FOUND")
        let details = try await http("GET", "/v1/certificates/\(id)", token: token)
        #expect(details.status == 404)
    }

    @Test("the seal (made at first start unless imported) is shown without its key; a bad PEM is refused")
    func seal() async throws {
        let token = try await adminToken()
        let seal = try await http("GET", "/v1/seal", token: token)
        #expect(seal.status == 200)
        #expect(["generated", "imported"].contains(seal.json["origin"] as? String ?? ""))
        #expect((seal.json["fingerprint"] as? String)?.count == 64)
        #expect(seal.json["privateKeyPem"] == nil)
        let refused = try await http("PUT", "/v1/seal", json: ["certificatePem": "not a certificate", "privateKeyPem": "nor a key"], token: token)
        #expect(refused.status == 400)
        #expect(refused.json["code"] as? String == "CERTIFICATES_SEAL_INVALID")
    }
}
