import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/items/{id}/procedure*`: the procedure of an item and test type, the type travelling as `?type=`.
@Suite struct ProceduresRoutesTests {
    let gateway = TestGateway()

    static func dataItem() -> Metrology_Flows_V1_DataItem {
        var item = Metrology_Flows_V1_DataItem()
        item.code = "V_std"
        item.title = "标准器示值"
        item.kind = "table"
        item.section = "measurement"
        item.unit = "L"
        item.resolution = "0.010"
        item.significantDigits = 4
        item.min = "0"
        item.max = "100.00"
        item.choices = ["合格", "不合格"]
        item.points = 3
        item.runs = 2
        item.pointLabels = ["大流量", "中流量", "小流量"]
        item.formula = "V_disp - V_std"
        item.required = true
        item.group = "示值误差"
        item.headerField = "test_date"
        return item
    }

    static func procedure(item: String = "i-1", type: String = "verification:initial") -> Metrology_Flows_V1_Procedure {
        var procedure = Metrology_Flows_V1_Procedure()
        procedure.itemID = item
        procedure.typeCode = type
        procedure.draft = [dataItem()]
        procedure.draftRevision = 7
        procedure.latestVersion = 2
        procedure.draftSavedAt = .init(seconds: 1_714_550_400)
        procedure.draftSavedBy = "李四"
        return procedure
    }

    @Test func getMapsTypeAndAnswersEveryDataItemFieldAsCamelCase() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.getProcedure) { request in Self.procedure(item: request.itemID, type: request.typeCode) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-9/procedure?type=verification:initial", method: .get, headers: try gateway.authorization()) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["itemId"] as? String == "i-9")
                #expect(json["typeCode"] as? String == "verification:initial")
                #expect(json["draftRevision"] as? Int == 7)
                #expect(json["latestVersion"] as? Int == 2)
                #expect(json["draftSavedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(json["draftSavedBy"] as? String == "李四")
                let item = try #require((json["draft"] as? [[String: Any]])?.first)
                #expect(
                    Set(item.keys) == [
                        "code", "title", "kind", "section", "unit", "resolution", "significantDigits", "min", "max", "choices", "points", "runs",
                        "pointLabels", "formula", "required", "group", "headerField",
                    ])
                // Decimal text stays text, trailing zeros and all.
                #expect(item["resolution"] as? String == "0.010")
                #expect(item["max"] as? String == "100.00")
                #expect(item["significantDigits"] as? Int == 4)
                #expect(item["pointLabels"] as? [String] == ["大流量", "中流量", "小流量"])
                #expect(item["headerField"] as? String == "test_date")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_GetProcedureRequest.self)
        #expect(sent.itemID == "i-9" && sent.typeCode == "verification:initial")
    }

    @Test(
        "every procedure route needs ?type=",
        arguments: [
            ("/v1/items/i-1/procedure", HTTPRequest.Method.get),
            ("/v1/items/i-1/procedure", .put),
            ("/v1/items/i-1/procedure/validation", .get),
            ("/v1/items/i-1/procedure/publish", .post),
            ("/v1/items/i-1/procedure/versions", .get),
            ("/v1/items/i-1/procedure/versions/1", .get),
        ])
    func typeIsRequired(_ uri: String, _ method: HTTPRequest.Method) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: uri, method: method, headers: try gateway.authorization(), body: ByteBuffer(string: #"{"items":[],"baseRevision":1}"#)
            ) {
                try expectProblem($0, .badRequest, code: "QUERY_PARAMETER_MISSING")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func saveMapsEveryFieldAndDefaultsTheOmittedOnes() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.saveProcedureDraft) { request in Self.procedure(item: request.itemID, type: request.typeCode) }
        let body = """
            {"baseRevision":7,"items":[
              {"code":"V_std","title":"标准器示值","kind":"table","section":"measurement","unit":"L","resolution":"0.010","significantDigits":4,
               "min":"0","max":"100.00","choices":["合格","不合格"],"points":3,"runs":2,"pointLabels":["大流量","中流量","小流量"],
               "formula":"V_disp - V_std","required":true,"group":"示值误差","headerField":"test_date"},
              {"code":"note"}]}
            """
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=calibration%3A1", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: body)
            ) { #expect($0.status == .ok) }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_SaveProcedureDraftRequest.self)
        #expect(sent.itemID == "i-1")
        #expect(sent.typeCode == "calibration:1")
        #expect(sent.baseRevision == 7)
        #expect(sent.items.count == 2)
        #expect(sent.items[0] == Self.dataItem())
        var bare = Metrology_Flows_V1_DataItem()
        bare.code = "note"
        #expect(sent.items[1] == bare)
    }

    @Test func aDecimalSentAsANumberIsRefused() async throws {
        let backend = FakeBackend()
        let body = #"{"baseRevision":1,"items":[{"code":"V","kind":"number","max":100.5}]}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=verification:initial", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: body)
            ) { try expectProblem($0, .badRequest, code: "INVALID_JSON") }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func staleRevisionIsTheServices409() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.saveProcedureDraft) { _ in
            throw RPCError(code: .aborted, message: "检测流程已被他人修改", reason: "FLOWS_DRAFT_STALE", details: ["revision": "8"])
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure?type=verification:initial", method: .put, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"items":[],"baseRevision":7}"#)
            ) { response in
                try expectProblem(response, .conflict, code: "FLOWS_DRAFT_STALE")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["revision": "8"])
            }
        }
    }

    @Test func validationAnswersIssuesWithPositions() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.validateProcedure) { _ in
            var issue = Metrology_Flows_V1_ValidationIssue()
            issue.severity = "error"
            issue.itemCode = "E"
            issue.code = "FORMULA_UNKNOWN_NAME"
            issue.message = "公式引用了不存在的数据项 V_x"
            issue.line = 1
            issue.column = 5
            issue.length = 3
            var validation = Metrology_Flows_V1_ProcedureValidation()
            validation.issues = [issue]
            return validation
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure/validation?type=verification:initial", method: .get, headers: try gateway.authorization()
            ) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["ok"] as? Bool == false)
                let issue = try #require((json["issues"] as? [[String: Any]])?.first)
                #expect(issue["itemCode"] as? String == "E")
                #expect(issue["code"] as? String == "FORMULA_UNKNOWN_NAME")
                #expect(issue["line"] as? Int == 1 && issue["column"] as? Int == 5 && issue["length"] as? Int == 3)
            }
        }
    }

    @Test func publishMapsRevisionAndNoteAndIs201() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.publishProcedure) { request in Self.procedure(item: request.itemID, type: request.typeCode) }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure/publish?type=verification:initial", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"draftRevision":7,"note":"依 JJG 443—2023 修订"}"#)
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["latestVersion"] as? Int == 2)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_PublishProcedureRequest.self)
        #expect(sent.itemID == "i-1" && sent.typeCode == "verification:initial")
        #expect(sent.draftRevision == 7)
        #expect(sent.note == "依 JJG 443—2023 修订")
    }

    @Test func versionsListLeavesItemsOutAndOneVersionHasThem() async throws {
        var backend = FakeBackend()
        var version = Metrology_Flows_V1_ProcedureVersion()
        version.itemID = "i-1"
        version.typeCode = "verification:initial"
        version.version = 2
        version.publishedAt = .init(seconds: 1_714_550_400)
        version.publishedByName = "王五"
        version.note = "首次发布"
        let summary = version
        backend.answer(FlowsMethods.listProcedureVersions) { _ in
            var response = Metrology_Flows_V1_ListProcedureVersionsResponse()
            response.versions = [summary]
            return response
        }
        version.items = [Self.dataItem()]
        let full = version
        backend.answer(FlowsMethods.getProcedureVersion) { _ in full }
        let headers = try gateway.authorization()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-1/procedure/versions?type=verification:initial", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let versions = try #require(try jsonObject(response.body)["versions"] as? [[String: Any]])
                #expect(versions.first?["version"] as? Int == 2)
                #expect(versions.first?["publishedAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(versions.first?["items"] == nil)
            }
            try await client.execute(uri: "/v1/items/i-1/procedure/versions/2?type=verification:initial", method: .get, headers: headers) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["publishedByName"] as? String == "王五")
                #expect((json["items"] as? [[String: Any]])?.first?["code"] as? String == "V_std")
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_GetProcedureVersionRequest.self)
        #expect(sent.itemID == "i-1" && sent.typeCode == "verification:initial" && sent.version == 2)
    }

    @Test("a version that is not a positive integer is 400 before the backend", arguments: ["latest", "1.5", "0", "-1", "99999999999"])
    func badVersion(_ version: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/procedure/versions/\(version)?type=verification:initial", method: .get, headers: try gateway.authorization()
            ) {
                response in
                try expectProblem(response, .badRequest, code: "PATH_INTEGER_INVALID")
                #expect(try jsonObject(response.body)["fields"] as? [String: String] == ["version": "必须是正整数"])
            }
        }
        #expect(backend.calls.all.isEmpty)
    }
}
