import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// Issue 16 through the gateway: a procedure's standard needs (`standards` in a draft save, `draftStandards` and a
/// version's `standards` in answers), a standard's `category`, and the standard CheckStandardsUsable found.
@Suite struct StandardNeedsRoutesTests {
    let gateway = TestGateway()

    static func need(_ code: String, _ title: String) -> Metrology_Flows_V1_StandardNeed {
        var need = Metrology_Flows_V1_StandardNeed()
        need.code = code
        need.title = title
        return need
    }

    @Test func draftSaveSendsTheNeedsAndAnswersThem() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.saveProcedureDraft) { request in
            var procedure = ProceduresRoutesTests.procedure(item: request.itemID, type: request.typeCode)
            procedure.draftStandards = request.standards
            return procedure
        }
        let body = #"{"baseRevision":7,"items":[],"standards":[{"code":"metal_measure","title":"标准金属量器"},{"code":"thermometer","title":"温度计"}]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=verification:subsequent", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let needs = try #require(try jsonObject(response.body)["draftStandards"] as? [[String: Any]])
                #expect(needs.map { $0["code"] as? String } == ["metal_measure", "thermometer"])
                #expect(needs.first?["title"] as? String == "标准金属量器")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_SaveProcedureDraftRequest.self)
        #expect(sent.standards == [Self.need("metal_measure", "标准金属量器"), Self.need("thermometer", "温度计")])
    }

    @Test func draftSaveWithoutNeedsSendsNoneAndGetAnswersAnEmptyList() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.saveProcedureDraft) { request in ProceduresRoutesTests.procedure(item: request.itemID, type: request.typeCode) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=verification:subsequent", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"baseRevision":7,"items":[]}"#)
            ) { response in
                #expect(response.status == .ok)
                let json1 = try jsonObject(response.body)
                #expect(json1["draftStandards"] as? [Any] != nil)
                #expect((try jsonObject(response.body)["draftStandards"] as? [Any])?.isEmpty == true)
            }
        }
        #expect(try #require(backend.calls.last).request(as: Metrology_Flows_V1_SaveProcedureDraftRequest.self).standards.isEmpty)
    }

    @Test func aNeedWithoutTitleIsInvalidJSONBeforeTheBackend() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=verification:subsequent", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"baseRevision":7,"items":[],"standards":[{"code":"metal_measure"}]}"#)
            ) { response in try expectProblem(response, .badRequest, code: "INVALID_JSON") }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func aVersionAnswersItsNeeds() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.getProcedureVersion) { request in
            var version = Metrology_Flows_V1_ProcedureVersion()
            version.itemID = request.itemID
            version.typeCode = request.typeCode
            version.version = request.version
            version.items = [ProceduresRoutesTests.dataItem()]
            version.standards = [Self.need("metal_measure", "标准金属量器")]
            return version
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure/versions/3?type=verification:subsequent", method: .get, headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let needs = try #require(try jsonObject(response.body)["standards"] as? [[String: Any]])
                #expect(needs.first?["code"] as? String == "metal_measure")
                #expect(needs.first?["title"] as? String == "标准金属量器")
            }
        }
    }

    @Test func standardCategoryIsSentOnCreateAndUpdateAndAnswered() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.createStandard) { request in
            var standard = StandardsRoutesTests.standard()
            standard.category = request.category
            return standard
        }
        backend.answer(DevicesMethods.updateStandard) { request in
            var standard = StandardsRoutesTests.standard()
            standard.category = request.hasCategory ? request.category : "unchanged"
            return standard
        }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"code":"BZ-001","name":"标准金属量器","category":"metal_measure"}"#)
            ) { response in
                #expect(response.status == .created)
                let json2 = try jsonObject(response.body)
                #expect(json2["category"] as? String == "metal_measure")
            }
            try await client.execute(uri: "/v1/standards/s-1", method: .patch, headers: headers, body: ByteBuffer(string: #"{"category":""}"#)) {
                response in
                #expect(response.status == .ok)
                let json3 = try jsonObject(response.body)
                #expect(json3["category"] as? String == "")
            }
            try await client.execute(uri: "/v1/standards/s-1", method: .patch, headers: headers, body: ByteBuffer(string: #"{"name":"量器"}"#)) {
                response in
                #expect(response.status == .ok)
                let json4 = try jsonObject(response.body)
                #expect(json4["category"] as? String == "unchanged")
            }
        }
        let create = try #require(backend.calls.all.first).request(as: Metrology_Devices_V1_CreateStandardRequest.self)
        #expect(create.category == "metal_measure")
        let cleared = try backend.calls.all[1].request(as: Metrology_Devices_V1_UpdateStandardRequest.self)
        #expect(cleared.hasCategory && cleared.category == "")
        #expect(try !backend.calls.all[2].request(as: Metrology_Devices_V1_UpdateStandardRequest.self).hasCategory)
    }

    @Test func usabilityAnswersTheStandardFoundAndNoneForAnUnknownOne() async throws {
        var backend = FakeBackend()
        backend.answer(DevicesMethods.checkStandardsUsable) { request in
            var response = Metrology_Devices_V1_CheckStandardsUsableResponse()
            response.results = request.standardIds.map { id in
                var result = Metrology_Devices_V1_StandardUsability()
                result.standardID = id
                result.usable = id == "s-1"
                if id == "s-1" {
                    result.standard = StandardsRoutesTests.standard()
                    result.standard.category = "metal_measure"
                } else {
                    result.reason = "STANDARD_NOT_FOUND"
                    result.message = "标准器具不存在"
                }
                return result
            }
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/standards/usability", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"standardIds":["s-1","s-9"]}"#)
            ) { response in
                #expect(response.status == .ok)
                let results = try #require(try jsonObject(response.body)["results"] as? [[String: Any]])
                let standard = try #require(results.first?["standard"] as? [String: Any])
                #expect(standard["code"] as? String == "BZ-001")
                #expect(standard["category"] as? String == "metal_measure")
                #expect((standard["certificate"] as? [String: Any])?["number"] as? String == "JL-2024-0815")
                #expect((standard["correctionFactors"] as? [[String: Any]])?.first?["value"] as? String == "1.0020")
                #expect(results.last?["standard"] == nil)
            }
        }
    }
}
