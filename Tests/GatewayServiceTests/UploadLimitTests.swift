import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import SwiftProtobuf
import Testing

/// Files travel as base64 inside JSON, so the two upload routes take bodies of up to 16 MiB; every other route keeps
/// the 1 MiB limit, and both limits answer 413 with a code a client can act on.
@Suite struct UploadLimitTests {
    let gateway = TestGateway()

    /// A JSON body whose base64 `content` is `fileBytes` long once decoded (≈ 4/3 of that as text).
    static func templateBody(fileBytes: Int) -> (ByteBuffer, Data) {
        let file = Data((0..<fileBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let json = #"{"typeCode":"verification:initial","kind":"certificate","filename":"证书.docx","content":"\#(file.base64EncodedString())"}"#
        return (ByteBuffer(string: json), file)
    }

    /// Well-formed JSON just over `bytes` long, so only the size can be what is refused.
    static func jsonBody(over bytes: Int) -> ByteBuffer {
        ByteBuffer(string: #"{"code":"x","name":"y","content":""# + String(repeating: "A", count: bytes) + #""}"#)
    }

    @Test func aTenMebibyteFileIsAcceptedOnTheTemplateRoute() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importTemplate) { request in
            var response = Metrology_Flows_V1_ImportTemplateResponse()
            response.accepted = true
            response.template.size = Int64(request.content.count)
            return response
        }
        // 10 MiB of file is ≈ 13.3 MiB of JSON: far over the ordinary limit, within the upload one.
        let (body, file) = Self.templateBody(fileBytes: 10 << 20)
        #expect(body.readableBytes > 13 << 20)
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-1/templates", method: .post, headers: try gateway.authorization(), body: body) { response in
                #expect(response.status == .created)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_ImportTemplateRequest.self)
        #expect(sent.content == file)
    }

    @Test func aLargeFileIsAcceptedOnTheRegulationRoute() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.importRegulation) { _ in Metrology_Flows_V1_Regulation() }
        let file = Data(repeating: 0x25, count: 9 << 20)
        let json = #"{"code":"JJG 1","title":"t","effectiveOn":"2024-03-01","filename":"a.pdf","content":"\#(file.base64EncodedString())"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/regulations", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: json)) {
                #expect($0.status == .created)
            }
        }
        #expect(try #require(backend.calls.last).request(as: Metrology_Flows_V1_ImportRegulationRequest.self).content.count == 9 << 20)
    }

    @Test("a body over 16 MiB on an upload route is 413 UPLOAD_TOO_LARGE", arguments: ["/v1/items/i-1/templates", "/v1/regulations"])
    func uploadOverTheLimit(_ uri: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: try gateway.authorization(), body: Self.jsonBody(over: 16 << 20)) { response in
                try expectProblem(response, .contentTooLarge, code: "UPLOAD_TOO_LARGE")
                let json = try jsonObject(response.body)
                #expect((json["title"] as? String)?.contains("上传的文件过大") == true)
                #expect(json["status"] as? Int == 413)
                #expect(json["fields"] as? [String: String] == ["maxBodyBytes": "16777216"])
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    /// The upload limit is not the gateway's: an ordinary route still refuses a body over 1 MiB, as a 413 rather than
    /// a 500, and never calls the service.
    @Test(
        "an ordinary route refuses a huge body",
        arguments: [
            ("/v1/items", HTTPRequest.Method.post),
            ("/v1/items/i-1/procedure?type=verification:initial", .put),
            ("/v1/formulas/evaluate", .post),
            ("/v1/regulations/r-1", .patch),
        ])
    func ordinaryRouteKeepsItsLimit(_ uri: String, _ method: HTTPRequest.Method) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: try gateway.authorization(), body: Self.jsonBody(over: 2 << 20)) { response in
                try expectProblem(response, .contentTooLarge, code: "PAYLOAD_TOO_LARGE")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    /// The token is checked before the body is read (401, not 413): an anonymous client cannot make the gateway buffer 16 MiB.
    @Test func anAnonymousUploadIsRefusedForItsTokenNotItsSize() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/regulations", method: .post, body: Self.jsonBody(over: 16 << 20)) {
                try expectProblem($0, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }
}
