import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import NIOFoundationEssentialsCompat
import SwiftProtobuf
import Testing

/// `/v1/items/{id}/retire|reactivate` and `/v1/items/{id}/types/retire|reactivate?type=`: the shapes the gateway
/// maps; flows checks the permission and the states (ItemRetirementTests).
@Suite struct ItemRetirementRoutesTests {
    let gateway = TestGateway()

    @Test func retiringAnItemSendsTheReasonAndAnswersTheRetiredItem() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.setItemRetired) { request in
            #expect(request.itemID == "i-1" && request.retired && request.reason == "测试数据")
            var item = FlowsItemsRoutesTests.item()
            item.retired = true
            item.retiredAt = .init(seconds: 1_714_550_400)
            item.retiredReason = request.reason
            return item
        }
        try await gateway.app(backend).test(.router) { client in
            var headers = try gateway.authorization()
            headers[.contentType] = "application/json"
            try await client.execute(uri: "/v1/items/i-1/retire", method: .post, headers: headers, body: ByteBuffer(string: #"{"reason":"测试数据"}"#)) {
                response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["retired"] as? Bool == true && json["retiredReason"] as? String == "测试数据")
                #expect(json["retiredAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
    }

    @Test func reactivatingATypeNeedsNoBodyAndNamesTheTypeByQuery() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.setTestTypeRetired) { request in
            #expect(request.itemID == "i-1" && request.typeCode == "verification:initial" && !request.retired && request.reason.isEmpty)
            return FlowsItemsRoutesTests.item()
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/items/i-1/types/reactivate?type=verification:initial", method: .post, headers: try gateway.authorization()
            ) {
                response in
                #expect(response.status == .ok)
                let body = try jsonObject(response.body)
                let type = try #require((body["types"] as? [[String: Any]])?.first)
                #expect(type["retired"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/items/i-1/types/retire", method: .post, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: "QUERY_PARAMETER_MISSING")
            }
        }
    }

    @Test func theListPassesTheStatusFilter() async throws {
        var backend = FakeBackend()
        backend.answer(FlowsMethods.listItems) { request in
            #expect(request.status == "retired")
            return Metrology_Flows_V1_ListItemsResponse()
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/items?status=retired", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
