import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import Testing

/// Device binding and sessions (issue 14 §9, §10): the device proves its key at login, a bound token needs its
/// device, refresh tokens rotate with reuse detection, and changing one's password ends one's other sessions.
@Suite("Identity: device proof and sessions", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdentitySessionTests {
    @Test("a device login without a proof, with a used challenge, a wrong signature or another key than the registered one is refused")
    func deviceProof() async throws {
        let fx = try await IdentityFixtures.make("session-proof")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("prover", roles: ["metrologist"])
        let phone = TestDevice()
        _ = try await fx.enrolledLogin(user.username, device: phone)

        // No proof at all (the bypass of issue 14 §9: an empty key skipped the comparison).
        var bare = Metrology_Identity_V1_LoginRequest()
        bare.username = user.username
        bare.password = IdentityFixtures.password
        bare.device = phone.info
        bare.device.publicKey = Data()
        let missing = try await expectRPCError(.unauthenticated) { _ = try await fx.client.call(IdentityMethods.login, bare) }
        #expect(missing.reason == "IDENTITY_DEVICE_PROOF_MISSING")

        // Signed by a key the caller does not name.
        let wrong = try await expectRPCError(.unauthenticated) {
            _ = try await fx.login(user.username, device: phone) { try P256.Signing.PrivateKey().signature(for: $0.challenge).derRepresentation }
        }
        #expect(wrong.reason == "IDENTITY_DEVICE_PROOF_INVALID")

        // A challenge works once.
        let challenge = try await fx.client.call(IdentityMethods.loginChallenge, .init())
        var request = bare
        request.device = phone.info
        request.deviceChallengeID = challenge.challengeID
        request.deviceProof = try phone.key.signature(for: challenge.challenge).derRepresentation
        _ = try await fx.client.call(IdentityMethods.login, request)
        let replayed = try await expectRPCError(.unauthenticated) { _ = try await fx.client.call(IdentityMethods.login, request) }
        #expect(replayed.reason == "IDENTITY_LOGIN_CHALLENGE_INVALID")

        // A thief with the IMEI and a key of its own proves that key, not the device's registered one.
        var thief = TestDevice(imei: phone.imei)
        thief.key = P256.Signing.PrivateKey()
        let impostor = try await expectRPCError(.alreadyExists) { _ = try await fx.login(user.username, device: thief) }
        #expect(impostor.reason == "DEVICE_IMEI_CONFLICT")
    }

    @Test("a device-bound token without its device id is refused by every service")
    func boundTokenNeedsItsDevice() async throws {
        let fx = try await IdentityFixtures.make("session-bound")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("bound", roles: ["metrologist"])
        let (session, deviceID) = try await fx.enrolledLogin(user.username, device: TestDevice())
        for (service, method) in [
            ("records", WhoAmIMethods.records.fullName), ("devices", WhoAmIMethods.devices.fullName), ("flows", WhoAmIMethods.flows.fullName),
        ] {
            let error = try await expectRPCError(.unauthenticated) {
                _ = try await fx.client.callRaw(service: service, method: method, payload: [], options: .init(accessToken: session.accessToken))
            }
            #expect(error.reason == "TOKEN_DEVICE_MISSING")
            _ = try await fx.client.callRaw(
                service: service, method: method, payload: [], options: .init(accessToken: session.accessToken, deviceID: deviceID))
        }
        let me = Metrology_Identity_V1_GetMeRequest()
        let identity = try await expectRPCError(.unauthenticated) {
            _ = try await fx.client.call(IdentityMethods.getMe, me, options: .init(accessToken: session.accessToken))
        }
        #expect(identity.reason == "TOKEN_DEVICE_MISSING")
    }

    @Test("a refresh token works once: presenting a traded one ends the session; a retry of the same refresh gets its reply")
    func refreshReuse() async throws {
        let fx = try await IdentityFixtures.make("session-refresh")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("refresher", roles: ["verifier"])
        let first = try await fx.login(user.username)
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = first.refreshToken
        let key = UUID().uuidString.lowercased()
        let second = try await fx.client.call(IdentityMethods.refresh, refresh, options: .init(messageID: key))
        #expect(second.refreshToken != first.refreshToken)
        // The same call retried (same message id) is not reuse.
        #expect(try await fx.client.call(IdentityMethods.refresh, refresh, options: .init(messageID: key)).refreshToken == second.refreshToken)

        let reused = try await expectRPCError(.unauthenticated) { _ = try await fx.client.call(IdentityMethods.refresh, refresh) }
        #expect(reused.reason == "IDENTITY_REFRESH_TOKEN_REUSED")
        // The whole session ended: the newest refresh token and the access tokens are refused too.
        var newest = Metrology_Identity_V1_RefreshRequest()
        newest.refreshToken = second.refreshToken
        let ended = try await expectRPCError(.unauthenticated) { _ = try await fx.client.call(IdentityMethods.refresh, newest) }
        #expect(ended.reason == "IDENTITY_REFRESH_TOKEN_INVALID")
        let revoked = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.records, .init(), options: .init(accessToken: second.accessToken))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(revoked)
    }

    @Test("changing one's own password ends one's other sessions and keeps the current one")
    func passwordChangeEndsOtherSessions() async throws {
        let fx = try await IdentityFixtures.make("session-password")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("changer", roles: ["verifier"])
        let here = try await fx.login(user.username)
        let elsewhere = try await fx.login(user.username)
        var change = Metrology_Identity_V1_ChangePasswordRequest()
        change.currentPassword = IdentityFixtures.password
        change.newPassword = "Changed-Passw0rd!"
        _ = try await fx.client.call(IdentityMethods.changePassword, change, options: .init(accessToken: here.accessToken))

        let revoked = try await eventually(timeout: .seconds(5)) {
            do {
                _ = try await fx.client.call(WhoAmIMethods.records, .init(), options: .init(accessToken: elsewhere.accessToken))
                return false
            } catch let error as RPCError {
                return error.code == .unauthenticated && error.reason == "TOKEN_REVOKED"
            }
        }
        #expect(revoked)
        var refresh = Metrology_Identity_V1_RefreshRequest()
        refresh.refreshToken = elsewhere.refreshToken
        #expect(
            try await expectRPCError(.unauthenticated) { _ = try await fx.client.call(IdentityMethods.refresh, refresh) }.reason
                == "IDENTITY_REFRESH_TOKEN_INVALID")
        #expect(try await fx.client.call(WhoAmIMethods.records, .init(), options: .init(accessToken: here.accessToken)).username == user.username)
    }
}
