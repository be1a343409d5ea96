import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import SwiftProtobuf
import Testing

/// `/v1/signatures/*`: base64 at the edge, bytes inside.
@Suite struct SignaturesRoutesTests {
    let gateway = TestGateway()

    @Test(
        "base64 that does not decode is 400 before the backend",
        arguments: [
            ("/v1/signatures/challenges/c-1/complete", #"{"digest":"ab","signature":"@@@","method":"face"}"#, "signature"),
            ("/v1/signatures/challenges/c-1/complete", #"{"digest":"ab","signature":"AAAA","method":"face","handwritingPng":"%"}"#, "handwritingPng"),
        ])
    func badBase64(_ uri: String, _ body: String, _ field: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) { response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
                let json = try jsonObject(response.body)
                #expect((json["fields"] as? [String: String])?[field] != nil)
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func challengeIsBase64AndCompletionAnswersTheReceipt() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.createSignatureChallenge) { request in
            var challenge = Metrology_Identity_V1_SignatureChallenge()
            challenge.challengeID = "c-9"
            challenge.challenge = Data("sign \(request.digest)".utf8)
            challenge.expiresAt = .init(seconds: 1_714_550_400)
            return challenge
        }
        backend.answer(IdentityMethods.completeSignature) { request in
            var receipt = Metrology_Identity_V1_SignatureReceipt()
            receipt.receiptID = "r-1"
            receipt.receipt = "eyJ.x.y"
            receipt.printedName = "李四"
            receipt.digest = request.digest
            receipt.method = request.method
            receipt.signedAt = .init(seconds: 1_714_550_400)
            receipt.handwritingSha256 = request.handwritingPng.isEmpty ? "" : "hash"
            return receipt
        }
        let headers = try gateway.authorization()
        let challengeBody = #"{"meaning":"review","resource":"records/1","digest":"ab","deviceId":"pad-1"}"#
        let completeBody = #"{"digest":"ab","signature":"AQID","method":"fingerprint","handwritingPng":"iVBO"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/signatures/challenges", method: .post, headers: headers, body: ByteBuffer(string: challengeBody)) {
                response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["challenge"] as? String == Data("sign ab".utf8).base64EncodedString())
                #expect(json["expiresAt"] as? String == "2024-05-01T08:00:00Z")
            }
            try await client.execute(
                uri: "/v1/signatures/challenges/c-9/complete", method: .post, headers: headers, body: ByteBuffer(string: completeBody)
            ) {
                response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["receiptId"] as? String == "r-1")
                #expect(json["printedName"] as? String == "李四")
                #expect(json["signedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["handwritingSha256"] as? String == "hash")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_CompleteSignatureRequest.self)
        #expect(sent.challengeID == "c-9")
        #expect(sent.signature == Data([1, 2, 3]))
        #expect(sent.handwritingPng == Data(base64Encoded: "iVBO"))
    }

    @Test func verifyPassesTheReceipt() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.verifySignatureReceipt) { request in
            var receipt = Metrology_Identity_V1_SignatureReceipt()
            receipt.receipt = request.receipt
            receipt.meaning = "approval"
            return receipt
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/signatures/verify", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: #"{"receipt":"eyJ.a.b"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["meaning"] as? String == "approval")
            }
        }
    }
}
