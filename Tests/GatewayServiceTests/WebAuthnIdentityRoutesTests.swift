import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/webauthn/*`, WebAuthn in the signature ceremony and app-install logins: base64url at the edge, bytes inside,
/// and the shapes the mobile app hands to `navigator.credentials`.
@Suite struct WebAuthnIdentityRoutesTests {
    let gateway = TestGateway()
    static let device = "7d0c5a6e-2f1b-4c3a-9a57-1f0e6f1d2b9c"

    func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func headers() throws -> HTTPFields {
        var headers = try gateway.authorization(device: Self.device)
        headers[.init("X-Device-Id")!] = Self.device
        return headers
    }

    @Test func registrationOptionsAreCreationOptionsInBase64URL() async throws {
        var backend = FakeBackend()
        let challenge = Data([0xFB, 0xFF, 0x01] + Array(repeating: 7, count: 29))
        backend.answer(IdentityMethods.createWebAuthnRegistration) { _ in
            var options = Metrology_Identity_V1_WebAuthnRegistrationOptions()
            options.challengeID = "r-1"
            options.challenge = challenge
            options.rpID = "localhost"
            options.rpName = "计量业务平台"
            options.userHandle = Data(repeating: 0xFF, count: 16)
            options.userName = "li"
            options.userDisplayName = "李四"
            options.timeoutMs = 120_000
            options.excludeCredentialIds = [Data([0xFF, 0xEE])]
            return options
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/webauthn/registrations", method: .post, headers: try headers()) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["challengeId"] as? String == "r-1")
                let publicKey = try #require(json["publicKey"] as? [String: Any])
                #expect(publicKey["challenge"] as? String == base64url(challenge))
                #expect((publicKey["challenge"] as? String)?.contains("=") == false)
                #expect((publicKey["rp"] as? [String: Any])?["id"] as? String == "localhost")
                let user = try #require(publicKey["user"] as? [String: Any])
                #expect(user["id"] as? String == base64url(Data(repeating: 0xFF, count: 16)))
                #expect(user["displayName"] as? String == "李四")
                let params = try #require(publicKey["pubKeyCredParams"] as? [[String: Any]])
                #expect(params.first?["type"] as? String == "public-key")
                #expect(params.first?["alg"] as? Int == -7)
                let selection = try #require(publicKey["authenticatorSelection"] as? [String: Any])
                #expect(selection["authenticatorAttachment"] as? String == "platform")
                #expect(selection["userVerification"] as? String == "required")
                #expect(selection["residentKey"] as? String == "discouraged")
                #expect(publicKey["attestation"] as? String == "none")
                #expect(publicKey["timeout"] as? Int == 120_000)
                let excluded = try #require(publicKey["excludeCredentials"] as? [[String: Any]])
                #expect(excluded.first?["id"] as? String == "_-4")
            }
        }
    }

    @Test func completionDecodesBase64URLAndAnswersTheCredential() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.completeWebAuthnRegistration) { request in
            var credential = Metrology_Identity_V1_WebAuthnCredential()
            credential.id = "AQI"
            credential.deviceID = Self.device
            credential.createdAt = .init(seconds: 1_714_550_400)
            credential.signCount = 0
            return credential
        }
        let body =
            #"{"credentialId":"AQI","clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0","attestationObject":"o2NmbXRkbm9uZQ","deviceSignature":"3q2+7w=="}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/webauthn/registrations/r-1/complete", method: .post, headers: try headers(), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "AQI")
                #expect(json["deviceId"] as? String == Self.device)
                #expect(json["createdAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_CompleteWebAuthnRegistrationRequest.self)
        #expect(sent.challengeID == "r-1")
        #expect(sent.credentialID == Data([1, 2]))
        #expect(String(decoding: sent.clientDataJson, as: UTF8.self) == #"{"type":"webauthn.create"}"#)
        #expect(sent.attestationObject == Data([0xA3, 0x63, 0x66, 0x6D, 0x74, 0x64, 0x6E, 0x6F, 0x6E, 0x65]))
        // The device key's signature, standard base64 like deviceProof, reaches identity as bytes.
        #expect(sent.deviceSignature == Data([0xDE, 0xAD, 0xBE, 0xEF]))
    }

    /// Without `deviceSignature` the request still reaches identity, which answers its own code (400
    /// IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED); one that is not standard base64 is BASE64_INVALID at the gateway.
    @Test func completionWithoutOrWithABadDeviceSignature() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.completeWebAuthnRegistration) { request in
            guard !request.deviceSignature.isEmpty else {
                throw RPCError.invalidArgument("须附设备签名", reason: "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED")
            }
            return Metrology_Identity_V1_WebAuthnCredential()
        }
        let without = #"{"credentialId":"AQI","clientDataJSON":"e30","attestationObject":"o2NmbXRkbm9uZQ"}"#
        let bad = #"{"credentialId":"AQI","clientDataJSON":"e30","attestationObject":"o2NmbXRkbm9uZQ","deviceSignature":"3q2-7w"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/webauthn/registrations/r-1/complete", method: .post, headers: try headers(), body: ByteBuffer(string: without)
            ) { response in
                try expectProblem(response, .badRequest, code: "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED")
            }
            try await client.execute(
                uri: "/v1/webauthn/registrations/r-1/complete", method: .post, headers: try headers(), body: ByteBuffer(string: bad)
            ) { response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
            }
        }
        #expect(backend.calls.all.count == 1)
    }

    @Test func completionWithAFieldThatIsNotBase64URLIs400BeforeTheBackend() async throws {
        let backend = FakeBackend()
        let body = #"{"credentialId":"AQI","clientDataJSON":"e30","attestationObject":"not base64url!"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/webauthn/registrations/r-1/complete", method: .post, headers: try headers(), body: ByteBuffer(string: body)
            ) { response in
                try expectProblem(response, .badRequest, code: "IDENTITY_WEBAUTHN_ENCODING_INVALID")
                #expect((try jsonObject(response.body)["fields"] as? [String: String])?["field"] == "attestationObject")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func listAndDelete() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.listWebAuthnCredentials) { _ in
            var credential = Metrology_Identity_V1_WebAuthnCredential()
            credential.id = "AQI"
            credential.deviceID = Self.device
            credential.createdAt = .init(seconds: 1_714_550_400)
            credential.lastUsedAt = .init(seconds: 1_714_550_460)
            credential.signCount = 3
            var response = Metrology_Identity_V1_ListWebAuthnCredentialsResponse()
            response.credentials = [credential]
            return response
        }
        backend.answer(IdentityMethods.deleteWebAuthnCredential) { _ in .init() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/webauthn/credentials", method: .get, headers: try headers()) { response in
                #expect(response.status == .ok)
                let credentials = try #require(try jsonObject(response.body)["credentials"] as? [[String: Any]])
                #expect(credentials.first?["signCount"] as? Int == 3)
                #expect(credentials.first?["lastUsedAt"] as? String == "2024-05-01T08:01:00Z")
            }
            try await client.execute(uri: "/v1/webauthn/credentials/AQI", method: .delete, headers: try headers()) { response in
                #expect(response.status == .noContent)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_DeleteWebAuthnCredentialRequest.self)
        #expect(sent.credentialID == "AQI")
    }

    @Test func serviceRefusalsKeepTheirCodes() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.completeSignature) { _ -> Metrology_Identity_V1_SignatureReceipt in
            throw RPCError(code: .unauthenticated, message: "未通过生物特征验证", reason: "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
        }
        let body = #"{"digest":"ab","webauthn":{"credentialId":"AQI","clientDataJSON":"e30","authenticatorData":"AAAA","signature":"MEUCIQ"}}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/signatures/challenges/c-1/complete", method: .post, headers: try headers(), body: ByteBuffer(string: body)
            ) { response in
                try expectProblem(response, .unauthorized, code: "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
            }
        }
    }

    @Test func signingOffersAndTakesWebAuthn() async throws {
        var backend = FakeBackend()
        let bytes = Data("metrology-signature-challenge-v1\n?>".utf8)
        backend.answer(IdentityMethods.createSignatureChallenge) { _ in
            var challenge = Metrology_Identity_V1_SignatureChallenge()
            challenge.challengeID = "c-9"
            challenge.challenge = bytes
            challenge.expiresAt = .init(seconds: 1_714_550_400)
            challenge.webauthn.challenge = bytes
            challenge.webauthn.rpID = "localhost"
            challenge.webauthn.allowCredentialIds = [Data([1, 2])]
            challenge.webauthn.userVerification = "required"
            challenge.webauthn.timeoutMs = 120_000
            return challenge
        }
        backend.answer(IdentityMethods.completeSignature) { request in
            var receipt = Metrology_Identity_V1_SignatureReceipt()
            receipt.receiptID = "r-1"
            receipt.method = "webauthn-uv"
            receipt.credentialID = "AQI"
            receipt.signedAt = .init(seconds: 1_714_550_400)
            return receipt
        }
        let challengeBody = #"{"meaning":"review","resource":"records/1","digest":"ab","deviceId":"\#(Self.device)"}"#
        let completeBody = #"{"digest":"ab","webauthn":{"credentialId":"AQI","clientDataJSON":"e30","authenticatorData":"AAAA","signature":"MEU"}}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/signatures/challenges", method: .post, headers: try headers(), body: ByteBuffer(string: challengeBody))
            {
                response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["challenge"] as? String == bytes.base64EncodedString())
                let webauthn = try #require(json["webauthn"] as? [String: Any])
                #expect(webauthn["challenge"] as? String == base64url(bytes))
                #expect(webauthn["rpId"] as? String == "localhost")
                #expect(webauthn["userVerification"] as? String == "required")
                #expect((webauthn["allowCredentials"] as? [[String: Any]])?.first?["id"] as? String == "AQI")
                #expect((webauthn["allowCredentials"] as? [[String: Any]])?.first?["type"] as? String == "public-key")
            }
            try await client.execute(
                uri: "/v1/signatures/challenges/c-9/complete", method: .post, headers: try headers(), body: ByteBuffer(string: completeBody)
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["method"] as? String == "webauthn-uv")
                #expect(json["credentialId"] as? String == "AQI")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_CompleteSignatureRequest.self)
        #expect(sent.hasWebauthn)
        #expect(sent.webauthn.credentialID == Data([1, 2]))
        #expect(sent.webauthn.clientDataJson == Data("{}".utf8))
        #expect(sent.webauthn.authenticatorData == Data([0, 0, 0]))
        #expect(sent.signature.isEmpty)
        #expect(sent.method == "")
    }

    @Test func appInstallLoginSendsKindAndRegistrationKeyWithoutIMEI() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { DeviceBindingTests.loggedIn($0) }
        let key = Data([0x04] + Array(repeating: 5, count: 64))
        let body = """
            {"username":"li","password":"p","device":{"kind":"app","registrationKey":"AAECAwQFBgcICQoLDA0ODw","name":"Pixel 8",
             "publicKey":"\(key.base64EncodedString())"},"deviceChallengeId":"c-1","deviceProof":"AQID"}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: body)) { #expect($0.status == .ok) }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_LoginRequest.self)
        #expect(sent.device.kind == "app")
        #expect(sent.device.imei == "")
        #expect(sent.device.registrationKey == "AAECAwQFBgcICQoLDA0ODw")
        #expect(sent.device.publicKey == key)
    }

    @Test func deviceRecordShowsKindAndWhetherAnIMEIWasReported() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.getDevice) { request in
            var device = Metrology_Devices_V1_Device()
            device.id = request.deviceID
            device.status = "pending"
            device.kind = "app"
            device.imeiReported = false
            return device
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/devices/\(Self.device)", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["kind"] as? String == "app")
                #expect(json["imeiReported"] as? Bool == false)
                #expect(json["imei"] as? String == "")
            }
        }
    }
}
