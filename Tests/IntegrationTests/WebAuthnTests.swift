import Auth
import Contracts
import Crypto
import Foundation
import ServiceKit
import Testing

/// Issue 18 through the real stack and the gateway's HTTP API, as the mobile web app does it: an app install logs
/// in without an IMEI (pending), a device manager enables it, the person registers a platform authenticator
/// (WebAuthn, attestation none) and signs a challenge with a user-verified assertion; the receipt verifies with
/// method webauthn-uv. A missing user verification and a replayed counter are refused by identity.
@Suite("WebAuthn: app install, credential, signature", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct WebAuthnTests {
    /// Identity's allowed origin on the test stack (its default unless the environment names others).
    static let origin =
        ProcessInfo.processInfo.environment["IDENTITY_WEBAUTHN_ORIGINS"]?.split(separator: ",").first.map(String.init) ?? "http://localhost:8080"

    /// The phone's platform authenticator, in software: a P-256 key, flags, a counter.
    struct Authenticator {
        let key = P256.Signing.PrivateKey()
        let credentialID = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        var signCount: UInt32 = 0

        func clientData(_ type: String, _ challenge: String) -> Data {
            Data(#"{"type":"\#(type)","challenge":"\#(challenge)","origin":"\#(WebAuthnTests.origin)","crossOrigin":false}"#.utf8)
        }

        func authData(verified: Bool, attested: Bool) -> Data {
            var data = Data(SHA256.hash(data: Data("localhost".utf8)))
            data.append(0x01 | (verified ? 0x04 : 0) | (attested ? 0x40 : 0))
            data.append(contentsOf: withUnsafeBytes(of: signCount.bigEndian) { Array($0) })
            guard attested else { return data }
            data.append(Data(repeating: 0, count: 16) + Data([0, UInt8(credentialID.count)]) + credentialID)
            // COSE key {1: 2, 3: -7, -1: 1, -2: x, -3: y}, CBOR by hand.
            let point = key.publicKey.x963Representation
            data.append(
                Data([0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]) + point[1..<33] + Data([0x22, 0x58, 0x20]) + point[33..<65])
            return data
        }

        /// {"fmt": "none", "attStmt": {}, "authData": bytes}
        func attestationObject() -> Data {
            let authData = authData(verified: true, attested: true)
            var object = Data([0xA3, 0x63]) + Data("fmt".utf8) + Data([0x64]) + Data("none".utf8)
            object += Data([0x67]) + Data("attStmt".utf8) + Data([0xA0])
            object += Data([0x68]) + Data("authData".utf8) + Data([0x59, UInt8(authData.count >> 8), UInt8(authData.count & 0xFF)]) + authData
            return object
        }

        mutating func assertion(_ challenge: String, verified: Bool = true, step: UInt32 = 1) throws -> [String: Any] {
            signCount += step
            let clientData = clientData("webauthn.get", challenge)
            let authData = authData(verified: verified, attested: false)
            let signature = try key.signature(for: authData + Data(SHA256.hash(data: clientData))).derRepresentation
            return [
                "credentialId": Base64URL.encode(credentialID), "clientDataJSON": Base64URL.encode(clientData),
                "authenticatorData": Base64URL.encode(authData), "signature": Base64URL.encode(signature),
            ]
        }
    }

    /// The app's login: a fresh login challenge signed (raw r‖s, as WebCrypto signs) with the install's key.
    func login(_ username: String, key: P256.Signing.PrivateKey, registrationKey: String) async throws -> HTTPResult {
        let challenge = try await http("POST", "/v1/auth/login-challenge")
        guard challenge.status == 200, let id = challenge.json["challengeId"] as? String, let text = challenge.json["challenge"] as? String,
            let bytes = Data(base64Encoded: text)
        else { throw TestFailure("login challenge: \(challenge.status) \(challenge.text)") }
        return try await http(
            "POST", "/v1/auth/login",
            json: [
                "username": username, "password": IdentityFixtures.password,
                "device": [
                    "kind": "app", "registrationKey": registrationKey, "name": "Pixel 8 (Chrome)",
                    "publicKey": key.publicKey.x963Representation.base64EncodedString(),
                ],
                "deviceChallengeId": id, "deviceProof": try key.signature(for: bytes).rawRepresentation.base64EncodedString(),
            ])
    }

    @Test("app-install login → pending → enabled → credential → user-verified signature → receipt with method webauthn-uv")
    func wholeFlow() async throws {
        let fx = try await IdentityFixtures.make("webauthn")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("pwa", roles: ["metrologist"])
        let deviceKey = P256.Signing.PrivateKey()
        let registrationKey = Base64URL.encode(Data((0..<16).map { _ in UInt8.random(in: 0...255) }))

        let pending = try await login(user.username, key: deviceKey, registrationKey: registrationKey)
        #expect(pending.status == 412)
        #expect(pending.json["code"] as? String == "DEVICE_PENDING_AUTHORIZATION")
        let deviceID = try #require((pending.json["fields"] as? [String: String])?["deviceId"])
        let listed = try await http("GET", "/v1/devices/\(deviceID)", token: fx.adminToken)
        #expect(listed.json["kind"] as? String == "app")
        #expect(listed.json["imeiReported"] as? Bool == false)
        #expect(listed.json["status"] as? String == "pending")
        let enabled = try await http("POST", "/v1/devices/\(deviceID)/enable", json: [:], token: fx.adminToken)
        #expect(enabled.status == 200)

        let session = try await login(user.username, key: deviceKey, registrationKey: registrationKey)
        #expect(session.status == 200, "\(session.text)")
        let token = try #require(session.json["accessToken"] as? String)
        #expect(session.json["deviceId"] as? String == deviceID)
        let bound = ["X-Device-Id": deviceID]

        // Registration.
        var authenticator = Authenticator()
        let options = try await http("POST", "/v1/webauthn/registrations", token: token, headers: bound)
        #expect(options.status == 201, "\(options.text)")
        let registrationID = try #require(options.json["challengeId"] as? String)
        let publicKey = try #require(options.json["publicKey"] as? [String: Any])
        #expect((publicKey["rp"] as? [String: Any])?["id"] as? String == "localhost")
        let registrationChallenge = try #require(publicKey["challenge"] as? String)
        // The device key signs challenge ‖ credential id (raw r‖s, standard base64, as WebCrypto in the app).
        let challengeBytes = try #require(Base64URL.decode(registrationChallenge))
        let answer: [String: Any] = [
            "credentialId": Base64URL.encode(authenticator.credentialID),
            "clientDataJSON": Base64URL.encode(authenticator.clientData("webauthn.create", registrationChallenge)),
            "attestationObject": Base64URL.encode(authenticator.attestationObject()),
        ]
        let credentialID = authenticator.credentialID
        func deviceSignature(_ key: P256.Signing.PrivateKey) throws -> String {
            try key.signature(for: challengeBytes + credentialID).rawRepresentation.base64EncodedString()
        }
        func complete(_ signature: String?) async throws -> HTTPResult {
            var body = answer
            if let signature { body["deviceSignature"] = signature }
            return try await http("POST", "/v1/webauthn/registrations/\(registrationID)/complete", json: body, token: token, headers: bound)
        }
        // A session token alone (no device key) cannot register a software authenticator.
        let unsigned = try await complete(nil)
        #expect(unsigned.status == 400, "\(unsigned.text)")
        #expect(unsigned.json["code"] as? String == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED")
        let forged = try await complete(try deviceSignature(P256.Signing.PrivateKey()))
        #expect(forged.status == 401, "\(forged.text)")
        #expect(forged.json["code"] as? String == "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
        let registered = try await complete(try deviceSignature(deviceKey))
        #expect(registered.status == 201, "\(registered.text)")
        #expect(registered.json["id"] as? String == Base64URL.encode(authenticator.credentialID))
        #expect(registered.json["deviceId"] as? String == deviceID)
        let mine = try await http("GET", "/v1/webauthn/credentials", token: token, headers: bound)
        #expect((mine.json["credentials"] as? [[String: Any]])?.count == 1)

        // Signing: the challenge offers the credential; without UV it is refused, with UV it gives the receipt.
        let digest = SHA256.hash(data: Data("原始记录 pwa-1".utf8)).map { String(format: "%02x", $0) }.joined()
        func challenge() async throws -> (id: String, webauthn: [String: Any]) {
            let answer = try await http(
                "POST", "/v1/signatures/challenges",
                json: ["meaning": "verification", "resource": "records/pwa-\(UUID().uuidString.prefix(8))", "digest": digest, "deviceId": deviceID],
                token: token, headers: bound)
            #expect(answer.status == 201, "\(answer.text)")
            return (try #require(answer.json["challengeId"] as? String), try #require(answer.json["webauthn"] as? [String: Any]))
        }
        let first = try await challenge()
        #expect((first.webauthn["allowCredentials"] as? [[String: Any]])?.first?["id"] as? String == Base64URL.encode(authenticator.credentialID))
        #expect(first.webauthn["userVerification"] as? String == "required")
        let webauthnChallenge = try #require(first.webauthn["challenge"] as? String)

        let unverified = try await http(
            "POST", "/v1/signatures/challenges/\(first.id)/complete",
            json: ["digest": digest, "webauthn": try authenticator.assertion(webauthnChallenge, verified: false)], token: token, headers: bound)
        #expect(unverified.status == 401)
        #expect(unverified.json["code"] as? String == "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")

        let signed = try await http(
            "POST", "/v1/signatures/challenges/\(first.id)/complete",
            json: ["digest": digest, "webauthn": try authenticator.assertion(webauthnChallenge)], token: token, headers: bound)
        #expect(signed.status == 201, "\(signed.text)")
        #expect(signed.json["method"] as? String == "webauthn-uv")
        #expect(signed.json["credentialId"] as? String == Base64URL.encode(authenticator.credentialID))
        let receipt = try #require(signed.json["receipt"] as? String)

        let verified = try await http("POST", "/v1/signatures/verify", json: ["receipt": receipt], token: fx.adminToken)
        #expect(verified.status == 200)
        #expect(verified.json["method"] as? String == "webauthn-uv")
        let offline = ServiceRuntime.identityKeyVerifier(client: fx.client)
        offline.revocations.markLoaded()
        let claims = try await offline.verifyReceipt(receipt)
        #expect(claims.method == "webauthn-uv")
        #expect(claims.cred == Base64URL.encode(authenticator.credentialID))
        #expect(claims.device == deviceID)
        // The device key signed nothing here: the receipt names the credential, not a device key.
        #expect(claims.key == "")

        // A cloned authenticator repeats a counter: refused.
        let second = try await challenge()
        let replayed = try await http(
            "POST", "/v1/signatures/challenges/\(second.id)/complete",
            json: ["digest": digest, "webauthn": try authenticator.assertion(try #require(second.webauthn["challenge"] as? String), step: 0)],
            token: token, headers: bound)
        #expect(replayed.status == 403)
        #expect(replayed.json["code"] as? String == "IDENTITY_WEBAUTHN_COUNTER")
        // The refusal rolled the completion back, but its audit entry (written after the rollback) stays.
        let credential = Base64URL.encode(authenticator.credentialID)
        let audit = try await http("GET", "/v1/audit?service=identity&entityId=\(credential)", token: fx.adminToken)
        let entries = audit.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["action"] as? String } == ["webauthn.counter_refused"], "\(audit.text)")
    }
}
