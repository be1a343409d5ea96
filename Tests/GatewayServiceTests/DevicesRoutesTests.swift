import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import SwiftProtobuf
import Testing

/// `/v1/devices*`: query and bodies map onto the devices service's requests; the device shape comes back camelCase.
@Suite struct DevicesRoutesTests {
    let gateway = TestGateway()

    static func device(id: String = "d-1", status: String = "pending") -> Metrology_Devices_V1_Device {
        var device = Metrology_Devices_V1_Device()
        device.id = id
        device.imei = "490154203237518"
        device.name = "检测终端 03"
        device.appVersion = "1.4.0"
        device.status = status
        device.firstSeen = .init(seconds: 1_714_550_400)
        device.lastUserID = "u1"
        device.keyID = "dk-ab"
        device.keyFingerprint = "ab"
        return device
    }

    @Test func listMapsQueryAndAnswersCountsAndPaging() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.listDevices) { request in
            var response = Metrology_Devices_V1_ListDevicesResponse()
            response.devices = [Self.device(status: request.status)]
            response.total = 41
            response.pending = 1
            response.enabled = 30
            response.disabled = 10
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/devices?status=pending&query=Pixel&page=3&pageSize=50", method: .get, headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 41)
                #expect(json["page"] as? Int == 3)
                #expect(json["pageSize"] as? Int == 50)
                #expect(json["counts"] as? [String: Int] == ["pending": 1, "enabled": 30, "disabled": 10])
                let devices = try #require(json["devices"] as? [[String: Any]])
                #expect(devices.first?["status"] as? String == "pending")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Devices_V1_ListDevicesRequest.self)
        #expect(sent.status == "pending")
        #expect(sent.query == "Pixel")
        #expect(sent.page == 3)
        #expect(sent.pageSize == 50)
    }

    @Test func deviceShapeIsCamelCaseWithAbsentUnsetTimes() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.getDevice) { request in Self.device(id: request.deviceID) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/devices/d-7", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "d-7")
                #expect(json["appVersion"] as? String == "1.4.0")
                #expect(json["lastUserId"] as? String == "u1")
                #expect(json["keyId"] as? String == "dk-ab")
                #expect(json["keyFingerprint"] as? String == "ab")
                #expect(json["firstSeen"] as? String == "2024-05-01T08:00:00Z")
                // Never enabled or disabled, no key registration time: absent rather than an empty string or 1970.
                #expect(json["statusChangedAt"] == nil)
                #expect(json["lastSeen"] == nil)
                #expect(json["keyRegisteredAt"] == nil)
                #expect(json["statusReason"] as? String == "")
            }
        }
    }

    @Test func disableMapsReasonAndNote() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.disableDevice) { request in
            var device = Self.device(id: request.deviceID, status: "disabled")
            device.statusReason = request.reason
            device.statusNote = request.note
            device.statusChangedAt = .init(seconds: 1_714_550_400)
            return device
        }
        let body = #"{"reason":"lost","note":"外业时遗失"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/devices/d-1/disable", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)
            ) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["status"] as? String == "disabled")
                #expect(json["statusReason"] as? String == "lost")
                #expect(json["statusChangedAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
        let call = try #require(backend.calls.last)
        #expect(call.fullName == DevicesMethods.disableDevice.fullName)
        let sent = try call.request(as: Metrology_Devices_V1_DeviceActionRequest.self)
        #expect(sent.deviceID == "d-1")
        #expect(sent.reason == "lost")
        #expect(sent.note == "外业时遗失")
    }

    @Test func enableTakesAnOptionalNote() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.enableDevice) { request in Self.device(id: request.deviceID, status: "enabled") }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/devices/d-1/enable", method: .post, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/devices/d-2/enable", method: .post, headers: headers, body: ByteBuffer(string: #"{"note":"新购"}"#)) {
                #expect($0.status == .ok)
            }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Devices_V1_DeviceActionRequest.self) }
        #expect(sent.map(\.deviceID) == ["d-1", "d-2"])
        #expect(sent.map(\.note) == ["", "新购"])
        #expect(sent.allSatisfy { $0.reason.isEmpty })
    }

    @Test func rotateKeyDecodesBase64() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.rotateDeviceKey) { request in Self.device(id: request.deviceID, status: "enabled") }
        let key = Data([0x04] + Array(repeating: 9, count: 64))
        let proof = Data([0x30, 0x44, 1, 2, 3])
        let body = #"{"newPublicKey":"\#(key.base64EncodedString())","proof":"\#(proof.base64EncodedString())"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/devices/d-1/key", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body))
            {
                #expect($0.status == .ok)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Devices_V1_RotateDeviceKeyRequest.self)
        #expect(sent.deviceID == "d-1")
        #expect(sent.newPublicKey == key)
        #expect(sent.proof == proof)
    }

    @Test(
        "key material that is not base64 is 400 before the backend",
        arguments: [
            (#"{"newPublicKey":"not base64!","proof":"AQID"}"#, "newPublicKey"),
            (#"{"newPublicKey":"BAcH","proof":"@@"}"#, "proof"),
        ])
    func badBase64(_ body: String, _ field: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/devices/d-1/key", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body))
            {
                response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
                let json = try jsonObject(response.body)
                #expect((json["fields"] as? [String: String])?[field] != nil)
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test(
        "a missing token is 401 and reaches no service",
        arguments: [
            ("/v1/devices", HTTPRequest.Method.get), ("/v1/devices/d-1", .get), ("/v1/devices/d-1/enable", .post), ("/v1/devices/d-1/disable", .post),
            ("/v1/devices/d-1/key", .post),
        ])
    func missingToken(_ uri: String, _ method: HTTPRequest.Method) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}")) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }
}
