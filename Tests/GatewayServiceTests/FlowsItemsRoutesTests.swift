import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/items*`: test items, their legal basis and types on the flows service.
@Suite struct FlowsItemsRoutesTests {
    let gateway = TestGateway()

    static func item(id: String = "i-1") -> Metrology_Flows_V1_Item {
        var item = Metrology_Flows_V1_Item()
        item.id = id
        item.code = "fuel_dispenser"
        item.name = "燃油加油机"
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = "standard_assessment"
        basis.certificateNo = "[2023]国量标浙证字第 101 号"
        basis.validUntil = "2027-06-30"
        basis.issuer = "浙江省市场监督管理局"
        item.bases = [basis]
        var type = Metrology_Flows_V1_TestType()
        type.category = "verification"
        type.subtype = "initial"
        type.code = "verification:initial"
        type.title = "检定 / 首次检定"
        item.types = [type]
        item.usable = true
        item.regulationCodes = ["JJG 443—2023"]
        item.createdAt = .init(seconds: 1_714_550_400)
        return item
    }

    @Test func listPassesPagingAndAnswersTheTotal() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listItems) { request in
            #expect(request.page == 2 && request.pageSize == 5)
            var response = Metrology_Flows_V1_ListItemsResponse()
            response.items = [Self.item()]
            response.total = 6
            response.page = request.page
            response.pageSize = request.pageSize
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items?page=2&pageSize=5", method: .get, headers: try gateway.authorization()) { response in
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 6 && json["page"] as? Int == 2 && json["pageSize"] as? Int == 5)
                #expect((json["items"] as? [[String: Any]])?.count == 1)
            }
        }
    }

    @Test func listMapsQueryAndUsableOnly() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listItems) { _ in
            var response = Metrology_Flows_V1_ListItemsResponse()
            response.items = [Self.item()]
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items?query=%E5%8A%A0%E6%B2%B9&usableOnly=true", method: .get, headers: try gateway.authorization()) {
                response in
                #expect(response.status == .ok)
                let items = try #require(try jsonObject(response.body)["items"] as? [[String: Any]])
                let item = try #require(items.first)
                #expect(item["code"] as? String == "fuel_dispenser")
                #expect(item["usable"] as? Bool == true)
                #expect(item["unusableReason"] as? String == "")
                #expect(item["regulationCodes"] as? [String] == ["JJG 443—2023"])
                #expect(item["createdAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(item["updatedAt"] == nil)
                let basis = try #require((item["bases"] as? [[String: Any]])?.first)
                #expect(basis["certificateNo"] as? String == "[2023]国量标浙证字第 101 号")
                #expect(basis["validUntil"] as? String == "2027-06-30")
                let type = try #require((item["types"] as? [[String: Any]])?.first)
                #expect(type["code"] as? String == "verification:initial")
                #expect(type["title"] as? String == "检定 / 首次检定")
            }
            // Absent is false: every item.
            try await client.execute(uri: "/v1/items", method: .get, headers: try gateway.authorization()) { #expect($0.status == .ok) }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Flows_V1_ListItemsRequest.self) }
        #expect(sent.map(\.query) == ["加油", ""])
        #expect(sent.map(\.usableOnly) == [true, false])
    }

    @Test func usableOnlyThatIsNotABooleanIs400() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items?usableOnly=yes", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: "QUERY_BOOLEAN_INVALID")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["usableOnly": "必须是 true 或 false"])
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func createMapsBasesAndIs201() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.createItem) { _ in Self.item() }
        let body = """
            {"code":"fuel_dispenser","name":"燃油加油机","bases":[
              {"kind":"standard_assessment","certificateNo":"C-1","validUntil":"2027-06-30","issuer":"省局"},
              {"kind":"authorization","certificateNo":"A-2","validUntil":"2026-01-31"}]}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
            }
            // Bases may follow later.
            try await client.execute(
                uri: "/v1/items", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"code":"taxi_meter","name":"出租汽车计价器"}"#)
            ) { #expect($0.status == .created) }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Flows_V1_CreateItemRequest.self) }
        #expect(sent[0].code == "fuel_dispenser" && sent[0].name == "燃油加油机")
        #expect(sent[0].bases.map(\.kind) == ["standard_assessment", "authorization"])
        #expect(sent[0].bases.map(\.certificateNo) == ["C-1", "A-2"])
        #expect(sent[0].bases.map(\.validUntil) == ["2027-06-30", "2026-01-31"])
        // A basis without an issuer is fine: it reaches the service as empty.
        #expect(sent[0].bases.map(\.issuer) == ["省局", ""])
        #expect(sent[1].bases.isEmpty)
    }

    @Test func basisWithoutCertificateNumberIsInvalidJSON() async throws {
        let backend = FakeBackend()
        let body = #"{"code":"x","name":"y","bases":[{"kind":"authorization","validUntil":"2026-01-31"}]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: body)) {
                try expectProblem($0, .badRequest, code: "INVALID_JSON")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func patchReplacesBasesOnlyWhenPresent() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.updateItem) { request in Self.item(id: request.itemID) }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-7", method: .patch, headers: headers, body: ByteBuffer(string: #"{"name":"加油机"}"#)) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["id"] as? String == "i-7")
            }
            try await client.execute(uri: "/v1/items/i-7", method: .patch, headers: headers, body: ByteBuffer(string: #"{"bases":[]}"#)) {
                #expect($0.status == .ok)
            }
        }
        let sent = try backend.calls.all.map { try $0.request(as: Metrology_Flows_V1_UpdateItemRequest.self) }
        #expect(sent[0].itemID == "i-7" && sent[0].hasName && sent[0].name == "加油机")
        #expect(!sent[0].replaceBases)
        // An empty list is a change (remove every basis), which only the flag can say.
        #expect(!sent[1].hasName)
        #expect(sent[1].replaceBases && sent[1].bases.isEmpty)
    }

    @Test func addTypeMapsCategoryAndIs201() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.addTestType) { request in Self.item(id: request.itemID) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/types", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"category":"calibration","subtype":"2"}"#)
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect((json["types"] as? [[String: Any]])?.count == 1)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_AddTestTypeRequest.self)
        #expect(sent.itemID == "i-1" && sent.category == "calibration" && sent.subtype == "2")
    }

    @Test func usabilityMapsTypeAndDateAndAnswersReasons() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.checkItemUsable) { _ in
            var response = Metrology_Flows_V1_CheckItemUsableResponse()
            response.reason = "ITEM_NO_PUBLISHED_PROCEDURE"
            response.message = "检测流程尚未发布"
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/usability?type=verification%3Ainitial&date=2025-05-01", method: .get, headers: try gateway.authorization()
            ) { response in
                // Not usable is an answer, not an error.
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["usable"] as? Bool == false)
                #expect(json["reason"] as? String == "ITEM_NO_PUBLISHED_PROCEDURE")
                #expect(json["procedureVersion"] as? Int == 0)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_CheckItemUsableRequest.self)
        #expect(sent.itemID == "i-1")
        #expect(sent.typeCode == "verification:initial")
        #expect(sent.onDate == "2025-05-01")
    }

    @Test func usabilityWithoutTypeIs400() async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-1/usability?type=", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: "QUERY_PARAMETER_MISSING")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["type": "必填"])
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test(
        "every flows route needs a token, checked before any call",
        arguments: [
            ("/v1/items", HTTPRequest.Method.get),
            ("/v1/items/i-1/procedure?type=verification:initial", .get),
            ("/v1/formulas/evaluate", .post),
            ("/v1/items/i-1/templates", .post),
            ("/v1/templates/t-1/content", .get),
            ("/v1/regulations", .post),
            ("/v1/regulations/r-1/content", .get),
            ("/v1/items/i-1/numbering/issue", .post),
        ])
    func tokenRequired(_ uri: String, _ method: HTTPRequest.Method) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}")) {
                try expectProblem($0, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func serviceErrorsBecomeProblems() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.getItem) { _ in throw RPCError.notFound("检测项目不存在", reason: "FLOWS_ITEM_NOT_FOUND") }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-404", method: .get, headers: try gateway.authorization()) {
                try expectProblem($0, .notFound, code: "FLOWS_ITEM_NOT_FOUND")
            }
        }
        #expect(try #require(backend.calls.last).service == "flows")
    }
}
