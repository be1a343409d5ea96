import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import SwiftProtobuf
import Testing

/// `/v1/standards*`: measurement standards and equipment on the devices service.
@Suite struct StandardsRoutesTests {
    let gateway = TestGateway()

    static func standard(id: String = "s-1") -> Metrology_Devices_V1_Standard {
        var standard = Metrology_Devices_V1_Standard()
        standard.id = id
        standard.code = "BZ-001"
        standard.name = "活塞式压力计"
        standard.serialNumber = "SN-9"
        standard.kind = "standard"
        standard.status = "in_use"
        standard.certificate.number = "JL-2024-0815"
        standard.certificate.validUntil = "2025-05-01"
        var check = Metrology_Devices_V1_IntermediateCheck()
        check.checkedOn = "2024-11-01"
        check.result = "pass"
        check.checkedByName = "王五"
        standard.checks = [check]
        var factor = Metrology_Devices_V1_CorrectionFactor()
        factor.point = "50 L/min"
        factor.value = "1.0020"
        factor.unit = "L/min"
        standard.correctionVersion = 2
        standard.correctionFactors = [factor]
        standard.expiringSoon = true
        standard.createdAt = .init(seconds: 1_714_550_400)
        return standard
    }

    @Test func listMapsQueryAndEchoesPaging() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.listStandards) { _ in
            var response = Metrology_Devices_V1_ListStandardsResponse()
            response.standards = [Self.standard()]
            response.total = 1
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards?status=in_use&query=%E5%8E%8B%E5%8A%9B&expiringWithinDays=30&pageSize=50", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 1)
                #expect(json["page"] as? Int == 1)
                #expect(json["pageSize"] as? Int == 50)
                #expect((json["standards"] as? [[String: Any]])?.first?["code"] as? String == "BZ-001")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Devices_V1_ListStandardsRequest.self)
        #expect(sent.status == "in_use")
        #expect(sent.query == "压力")
        #expect(sent.expiringWithinDays == 30)
        #expect(sent.page == 0)
        #expect(sent.pageSize == 50)
    }

    @Test func nonIntegerExpiringWithinDaysIs400() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/standards?expiringWithinDays=soon", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: "QUERY_INTEGER_INVALID")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func standardShapeIsCamelCaseWithFactorValuesAsText() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.getStandard) { request in Self.standard(id: request.standardID) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/standards/s-9", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "s-9")
                #expect(json["serialNumber"] as? String == "SN-9")
                #expect(json["expiringSoon"] as? Bool == true)
                #expect(json["expired"] as? Bool == false)
                #expect(json["correctionVersion"] as? Int == 2)
                #expect(json["createdAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["updatedAt"] == nil)
                #expect((json["certificate"] as? [String: Any])?["validUntil"] as? String == "2025-05-01")
                #expect((json["checks"] as? [[String: Any]])?.first?["checkedByName"] as? String == "王五")
                let factor = try #require((json["correctionFactors"] as? [[String: Any]])?.first)
                // Text, trailing zero and all: a number would come back as 1.002.
                #expect(factor["value"] as? String == "1.0020")
            }
        }
        // A standard without a certificate has none in the JSON, not an empty one.
        var bare = FakeBackend()
        bare.answer(DevicesMethods.getStandard) { _ in Metrology_Devices_V1_Standard() }
        try await gateway.app(bare).test(.router) { client in
            try await client.execute(uri: "/v1/standards/s-0", method: .get, headers: try gateway.authorization()) { response in
                let json = try jsonObject(response.body)
                #expect(json["certificate"] == nil)
            }
        }
    }

    @Test func createMapsEveryFieldAndIs201() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.createStandard) { _ in Self.standard() }
        let body = """
            {"code":"BZ-001","name":"活塞式压力计","model":"YS-60","serialNumber":"SN-9","measuringRange":"(0.1~6) MPa","accuracy":"0.05级",
             "kind":"standard","certificate":{"number":"JL-1","issuer":"省计量院","issuedOn":"2024-05-01","validUntil":"2025-04-30"}}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/standards", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Devices_V1_CreateStandardRequest.self)
        #expect(sent.code == "BZ-001")
        #expect(sent.model == "YS-60")
        #expect(sent.serialNumber == "SN-9")
        #expect(sent.measuringRange == "(0.1~6) MPa")
        #expect(sent.accuracy == "0.05级")
        #expect(sent.kind == "standard")
        #expect(sent.certificate.issuer == "省计量院")
        #expect(sent.certificate.validUntil == "2025-04-30")
    }

    @Test func patchSetsOnlyThePresentFields() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.updateStandard) { _ in Self.standard() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards/s-1", method: .patch, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"name":"新名称","accuracy":""}"#)
            ) { #expect($0.status == .ok) }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Devices_V1_UpdateStandardRequest.self)
        #expect(sent.standardID == "s-1")
        #expect(sent.hasName && sent.name == "新名称")
        // Present but empty is a change (clear it); absent is none.
        #expect(sent.hasAccuracy && sent.accuracy.isEmpty)
        #expect(!sent.hasModel && !sent.hasSerialNumber && !sent.hasMeasuringRange)
    }

    @Test func statusCalibrationAndCheckMapTheirBodies() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.setStandardStatus) { _ in Self.standard() }
        backend.answer(DevicesMethods.recordCalibration) { _ in Self.standard() }
        backend.answer(DevicesMethods.addIntermediateCheck) { _ in Self.standard() }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards/s-1/status", method: .post, headers: headers, body: ByteBuffer(string: #"{"status":"stopped","reason":"送检"}"#)
            ) { #expect($0.status == .ok) }
            let certificate = #"{"number":"JL-2","issuer":"省计量院","issuedOn":"2025-04-20","validUntil":"2026-04-19"}"#
            try await client.execute(uri: "/v1/standards/s-1/calibrations", method: .post, headers: headers, body: ByteBuffer(string: certificate)) {
                #expect($0.status == .created)
            }
            try await client.execute(
                uri: "/v1/standards/s-1/checks", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"checkedOn":"2025-01-10","result":"fail"}"#)
            ) { #expect($0.status == .created) }
        }
        let calls = backend.calls.all
        #expect(calls.count == 3)
        let status = try calls[0].request(as: Metrology_Devices_V1_SetStandardStatusRequest.self)
        #expect(status.standardID == "s-1" && status.status == "stopped" && status.reason == "送检")
        let calibration = try calls[1].request(as: Metrology_Devices_V1_RecordCalibrationRequest.self)
        #expect(calibration.certificate.number == "JL-2" && calibration.certificate.issuedOn == "2025-04-20")
        let check = try calls[2].request(as: Metrology_Devices_V1_AddIntermediateCheckRequest.self)
        #expect(check.checkedOn == "2025-01-10" && check.result == "fail" && check.note.isEmpty)
    }

    @Test func correctionFactorsKeepTheirTextAndVersionsList() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.setCorrectionFactors) { _ in Self.standard() }
        backend.answer(DevicesMethods.listCorrectionFactorVersions) { request in
            var version = Metrology_Devices_V1_CorrectionFactorVersion()
            version.version = 2
            version.factors = Self.standard(id: request.standardID).correctionFactors
            version.changedByName = "王五"
            version.changedAt = .init(seconds: 1_714_550_400)
            var response = Metrology_Devices_V1_ListCorrectionFactorVersionsResponse()
            response.versions = [version]
            return response
        }
        let headers = try gateway.authorization()
        let body =
            #"{"factors":[{"point":"50 L/min","value":"1.0020","unit":"L/min"},{"point":"100 L/min","value":"-0.50","unit":""}],"reason":"新证书"}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/standards/s-1/correction-factors", method: .put, headers: headers, body: ByteBuffer(string: body)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/standards/s-1/correction-factors", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let versions = try #require(try jsonObject(response.body)["versions"] as? [[String: Any]])
                #expect(versions.first?["version"] as? Int == 2)
                #expect(versions.first?["changedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect((versions.first?["factors"] as? [[String: Any]])?.first?["value"] as? String == "1.0020")
            }
        }
        let sent = try backend.calls.all[0].request(as: Metrology_Devices_V1_SetCorrectionFactorsRequest.self)
        #expect(sent.factors.map(\.value) == ["1.0020", "-0.50"])
        #expect(sent.factors.map(\.unit) == ["L/min", ""])
        #expect(sent.reason == "新证书")
    }

    /// A JSON number would reach the service already rounded through a Double; refusing it keeps values exact.
    @Test func aNumericFactorValueIs400() async throws {
        let backend = FakeBackend()
        let body = #"{"factors":[{"point":"50 L/min","value":1.0020,"unit":"L/min"}]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards/s-1/correction-factors", method: .put, headers: try gateway.authorization(), body: ByteBuffer(string: body)
            ) { response in
                try expectProblem(response, .badRequest, code: "INVALID_JSON")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func usabilityMapsIdsAndDate() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.checkStandardsUsable) { request in
            var response = Metrology_Devices_V1_CheckStandardsUsableResponse()
            response.results = request.standardIds.map { id in
                var result = Metrology_Devices_V1_StandardUsability()
                result.standardID = id
                result.usable = id == "s-1"
                result.reason = id == "s-1" ? "" : "STANDARD_EXPIRED"
                result.message = id == "s-1" ? "" : "证书已过期"
                return result
            }
            response.allUsable = false
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards/usability", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"standardIds":["s-1","s-2"],"onDate":"2025-06-01"}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["allUsable"] as? Bool == false)
                let results = try #require(json["results"] as? [[String: Any]])
                #expect(results.map { $0["standardId"] as? String } == ["s-1", "s-2"])
                #expect(results.last?["reason"] as? String == "STANDARD_EXPIRED")
                #expect(results.first?["usable"] as? Bool == true)
            }
            // The constant segment wins over `{id}`: no GetStandard for a standard called "usability".
            try await client.execute(uri: "/v1/standards/usability", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .notFound, code: "ROUTE_NOT_FOUND")
            }
        }
        let call = try #require(backend.calls.last)
        #expect(backend.calls.all.count == 1)
        #expect(call.fullName == DevicesMethods.checkStandardsUsable.fullName)
        let sent = try call.request(as: Metrology_Devices_V1_CheckStandardsUsableRequest.self)
        #expect(sent.standardIds == ["s-1", "s-2"])
        #expect(sent.onDate == "2025-06-01")
    }

    @Test(
        "a missing token is 401 and reaches no service",
        arguments: [
            ("/v1/standards", HTTPRequest.Method.get), ("/v1/standards", .post), ("/v1/standards/usability", .post), ("/v1/standards/s-1", .get),
            ("/v1/standards/s-1", .patch), ("/v1/standards/s-1/status", .post), ("/v1/standards/s-1/calibrations", .post),
            ("/v1/standards/s-1/checks", .post), ("/v1/standards/s-1/correction-factors", .put), ("/v1/standards/s-1/correction-factors", .get),
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
