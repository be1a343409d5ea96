import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/items/{id}/numbering*`: numbering rules, previews and issued numbers.
@Suite struct NumberingRoutesTests {
    let gateway = TestGateway()

    static func rule() -> Metrology_Flows_V1_NumberingRule {
        var rule = Metrology_Flows_V1_NumberingRule()
        rule.itemID = "i-1"
        rule.typeCode = "verification:initial"
        rule.target = "certificate"
        rule.prefix = "ZS"
        rule.datePattern = "YYYYMM"
        rule.width = 4
        rule.start = 1
        rule.next = 12
        rule.issuedCount = 11
        rule.updatedAt = .init(seconds: 1_714_550_400)
        return rule
    }

    @Test func listAnswersTheRules() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listNumberingRules) { _ in
            var response = Metrology_Flows_V1_ListNumberingRulesResponse()
            response.rules = [Self.rule()]
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items/i-1/numbering", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let rule = try #require((try jsonObject(response.body)["rules"] as? [[String: Any]])?.first)
                #expect(rule["typeCode"] as? String == "verification:initial")
                #expect(rule["datePattern"] as? String == "YYYYMM")
                #expect(rule["next"] as? Int == 12)
                #expect(rule["issuedCount"] as? Int == 11)
                #expect(rule["suffix"] as? String == "")
                #expect(rule["updatedAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
        #expect(try #require(backend.calls.last).request(as: Metrology_Flows_V1_ListNumberingRulesRequest.self).itemID == "i-1")
    }

    @Test func putMapsTheRuleWithAbsentAffixesAsNone() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.setNumberingRule) { _ in Self.rule() }
        let body = #"{"typeCode":"verification:initial","target":"certificate","prefix":"ZS","datePattern":"YYYYMM","width":4,"start":1}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/numbering", method: .put, headers: try gateway.authorization(), body: ByteBuffer(string: body)
            ) {
                #expect($0.status == .ok)
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_SetNumberingRuleRequest.self)
        #expect(sent.itemID == "i-1")
        #expect(sent.typeCode == "verification:initial" && sent.target == "certificate")
        #expect(sent.prefix == "ZS" && sent.suffix == "")
        #expect(sent.datePattern == "YYYYMM" && sent.width == 4 && sent.start == 1)
    }

    @Test func putWithoutWidthIsInvalidJSON() async throws {
        let backend = FakeBackend()
        let body = #"{"typeCode":"verification:initial","target":"certificate","datePattern":"none","start":1}"#
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/numbering", method: .put, headers: try gateway.authorization(), body: ByteBuffer(string: body)
            ) {
                try expectProblem($0, .badRequest, code: "INVALID_JSON")
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func previewMapsTypeTargetAndCount() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.previewNumbers) { request in
            var response = Metrology_Flows_V1_PreviewNumbersResponse()
            response.numbers = (0..<Int(request.count)).map { "ZS202505\(String(format: "%04d", 12 + $0))" }
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/numbering/preview?type=verification:initial&target=certificate&count=3", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["numbers"] as? [String] == ["ZS2025050012", "ZS2025050013", "ZS2025050014"])
            }
        }
        let sent = try #require(backend.calls.last).request(as: Metrology_Flows_V1_PreviewNumbersRequest.self)
        #expect(sent.itemID == "i-1" && sent.typeCode == "verification:initial" && sent.target == "certificate" && sent.count == 3)
    }

    @Test(
        "preview refuses a missing type or a non-integer count before the backend",
        arguments: [
            ("/v1/items/i-1/numbering/preview?target=certificate", "QUERY_PARAMETER_MISSING"),
            ("/v1/items/i-1/numbering/preview?type=verification:initial&target=certificate&count=three", "QUERY_INTEGER_INVALID"),
        ])
    func previewBadQuery(_ uri: String, _ code: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: try gateway.authorization()) { try expectProblem($0, .badRequest, code: code) }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func issueIs201AndPassesTheIdempotencyKeyAsTheMessageID() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.issueNumber) { _ in
            var issued = Metrology_Flows_V1_IssuedNumber()
            issued.number = "ZS2025050012"
            issued.sequence = 12
            issued.period = "202505"
            issued.issuedAt = .init(seconds: 1_714_550_400)
            return issued
        }
        var fields = try gateway.authorization()
        fields[.init("Idempotency-Key")!] = "record-7f3a-issue"
        let headers = fields
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/numbering/issue", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"typeCode":"verification:initial","target":"certificate","reference":"rec-7f3a"}"#)
            ) { response in
                #expect(response.status == .created)
                let json = try jsonObject(response.body)
                #expect(json["number"] as? String == "ZS2025050012")
                #expect(json["sequence"] as? Int == 12)
                #expect(json["period"] as? String == "202505")
                #expect(json["issuedAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
        let call = try #require(backend.calls.last)
        #expect(call.messageID == "record-7f3a-issue")
        let sent = try call.request(as: Metrology_Flows_V1_IssueNumberRequest.self)
        #expect(sent.itemID == "i-1" && sent.typeCode == "verification:initial" && sent.target == "certificate")
        #expect(sent.reference == "rec-7f3a")
    }

    @Test func exhaustedSequenceIsTheServices429() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.issueNumber) { _ in
            throw RPCError(code: .resourceExhausted, message: "流水号已用尽（4 位），请调整编号规则", reason: "FLOWS_NUMBERING_EXHAUSTED")
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/numbering/issue", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"typeCode":"verification:initial","target":"certificate"}"#)
            ) { try expectProblem($0, .tooManyRequests, code: "FLOWS_NUMBERING_EXHAUSTED") }
        }
    }
}
