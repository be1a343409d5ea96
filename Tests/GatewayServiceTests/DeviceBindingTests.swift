import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// Mobile sessions: login with the device, `X-Device-Id` on every request, tokens bound to their device, and the
/// login refusals a device can cause.
@Suite struct DeviceBindingTests {
    let gateway = TestGateway()

    /// A valid token bound to `bound` (none: a browser session's), sent with `X-Device-Id: claimed` when given.
    func headers(bound: String?, claimed: String?) throws -> HTTPFields {
        var headers = try gateway.authorization(device: bound)
        if let claimed { headers[.init("X-Device-Id")!] = claimed }
        return headers
    }

    static func loggedIn(_ request: Metrology_Identity_V1_LoginRequest) -> Metrology_Identity_V1_LoginResponse {
        var response = Metrology_Identity_V1_LoginResponse()
        response.accessToken = "access"
        response.refreshToken = "refresh"
        response.user.username = request.username
        return response
    }

    @Test func loginForwardsTheDeviceWithItsKeyDecoded() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { Self.loggedIn($0) }
        let key = Data([0x04] + Array(repeating: 5, count: 64))
        let body = """
            {"username":"li","password":"p","device":{"imei":"490154203237518","name":"检测终端 03","model":"Pixel 8","os":"Android 15",
             "appVersion":"1.4.0","publicKey":"\(key.base64EncodedString())"}}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["accessToken"] as? String == "access")
                #expect(json["refreshToken"] as? String == "refresh")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Identity_V1_LoginRequest.self)
        #expect(sent.hasDevice)
        #expect(sent.device.imei == "490154203237518")
        #expect(sent.device.name == "检测终端 03")
        #expect(sent.device.model == "Pixel 8")
        #expect(sent.device.os == "Android 15")
        #expect(sent.device.appVersion == "1.4.0")
        #expect(sent.device.publicKey == key)
    }

    @Test func loginWithoutDeviceSendsNone() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { Self.loggedIn($0) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"li","password":"p"}"#)) {
                #expect($0.status == .ok)
            }
        }
        #expect(try !#require(backend.calls.last).request(as: Metrology_Identity_V1_LoginRequest.self).hasDevice)
    }

    @Test func loginWithAKeyThatIsNotBase64Is400() async throws {
        let backend = FakeBackend()
        let body = #"{"username":"li","password":"p","device":{"imei":"490154203237518","publicKey":"not base64!"}}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: body)) { response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
                let json = try jsonObject(response.body)
                #expect((json["fields"] as? [String: String])?["device.publicKey"] != nil)
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    /// The service's details (which device, which IMEI) reach the client: the app shows them so an administrator
    /// can find the device to enable.
    @Test func pendingDeviceIs412WithItsDetails() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { _ in
            throw RPCError(
                code: .failedPrecondition, message: "该设备尚未授权", reason: "DEVICE_PENDING_AUTHORIZATION",
                details: ["deviceId": "d-1", "imei": "490154203237518"])
        }
        let body = #"{"username":"li","password":"p","device":{"imei":"490154203237518","publicKey":"BAcH"}}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: body)) { response in
                try expectProblem(response, .preconditionFailed, code: "DEVICE_PENDING_AUTHORIZATION")
                let json = try jsonObject(response.body)
                #expect(json["status"] as? Int == 412)
                #expect(json["grpcCode"] as? String == "FAILED_PRECONDITION")
                #expect(json["fields"] as? [String: String] == ["deviceId": "d-1", "imei": "490154203237518"])
            }
        }
    }

    @Test(
        "device refusals keep their documented statuses",
        arguments: [
            (RPCCode.permissionDenied, "DEVICE_DISABLED", 403), (.invalidArgument, "DEVICE_IMEI_INVALID", 400),
            (.alreadyExists, "DEVICE_IMEI_CONFLICT", 409),
            (.invalidArgument, "DEVICE_KEY_INVALID", 400),
            // Only the pending device is 412: every other unmet precondition stays 400.
            (.failedPrecondition, "SIGNATURE_CHALLENGE_EXPIRED", 400),
        ])
    func refusalStatuses(_ code: RPCCode, _ reason: String, _ status: Int) async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { _ in throw RPCError(code: code, message: "测试", reason: reason) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/auth/login", method: .post, body: ByteBuffer(string: #"{"username":"li","password":"p"}"#)) {
                response in
                #expect(Int(response.status.code) == status)
                let json = try jsonObject(response.body)
                #expect(json["code"] as? String == reason)
            }
        }
    }

    @Test func aTokenUsedFromAnotherDeviceIs401WithoutCallingTheService() async throws {
        let backend = FakeBackend()
        let headers = try headers(bound: "A", claimed: "B")
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: headers) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_DEVICE_MISMATCH")
                let json = try jsonObject(response.body)
                #expect(json["title"] as? String == "访问令牌属于另一台设备，请在本设备重新登录")
            }
            try await client.execute(uri: "/v1/devices", method: .get, headers: headers) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_DEVICE_MISMATCH")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test(
        "the device header travels on as CallOptions.deviceID",
        arguments: [
            // Its own device; a token of a browser session (no `dev`) with a header; a bound token without the header.
            ("A" as String?, "A" as String?), (nil, "pad-7:x.1_2"), ("A", nil),
        ])
    func headerIsForwarded(_ bound: String?, _ header: String?) async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.getMe) { _ in Metrology_Identity_V1_GetMeResponse() }
        let headers = try headers(bound: bound, claimed: header)
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: headers) { #expect($0.status == .ok) }
        }
        #expect(try #require(backend.calls.last).deviceID == header)
    }

    @Test func loginForwardsTheHeaderToo() async throws {
        var backend = FakeBackend()
        backend.answer(IdentityMethods.login) { Self.loggedIn($0) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/auth/login", method: .post, headers: [.init("X-Device-Id")!: "d-1"],
                body: ByteBuffer(string: #"{"username":"li","password":"p"}"#)
            ) { #expect($0.status == .ok) }
        }
        #expect(backend.calls.last?.deviceID == "d-1")
    }

    @Test(
        "a malformed X-Device-Id is 400 before any service",
        arguments: [
            "", String(repeating: "a", count: 65), "pad 1", "pad/1", "设备1", "a\"b",
        ])
    func malformedHeader(_ value: String) async throws {
        let backend = FakeBackend()
        let headers = try headers(bound: nil, claimed: value)
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get, headers: headers) { response in
                try expectProblem(response, .badRequest, code: "DEVICE_ID_INVALID")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }
}
