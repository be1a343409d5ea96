import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/audit*`: the query becomes a ListAuditRequest on the chosen service's queue.
@Suite struct AuditRoutesTests {
    let gateway = TestGateway()

    @Test func listParsesFiltersAndGoesToTheChosenService() async throws {
        var backend = FakeBackend()
        backend.answer(AuditMethods.list("records"), on: "records") { _ in
            var entry = Metrology_Common_V1_AuditEntry()
            entry.seq = 42
            entry.occurredAt = .init(seconds: 1_714_550_400)
            entry.action = "record.approved"
            entry.detailsJson = #"{"status":"approved"}"#
            var response = Metrology_Common_V1_ListAuditResponse()
            response.entries = [entry]
            response.nextBeforeSeq = 42
            return response
        }
        let uri =
            "/v1/audit?service=records&actorId=u-1&action=record.approved&entityType=record&entityId=r-9"
            + "&from=2024-05-01T08:00:00%2B08:00&to=2024-05-02T00:00:00Z&pageSize=100&beforeSeq=500"
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["nextBeforeSeq"] as? Int == 42)
                let entry = (json["entries"] as? [[String: Any]])?.first
                #expect(entry?["seq"] as? Int == 42)
                #expect(entry?["occurredAt"] as? String == "2024-05-01T08:00:00Z")
                #expect(entry?["detailsJson"] as? String == #"{"status":"approved"}"#)
            }
        }
        let call = try #require(backend.calls.last)
        #expect(call.service == "records")
        let sent = try call.request(as: Metrology_Common_V1_ListAuditRequest.self)
        #expect(sent.actorID == "u-1" && sent.action == "record.approved" && sent.entityType == "record" && sent.entityID == "r-9")
        #expect(sent.from.seconds == 1_714_521_600)
        #expect(sent.to.seconds == 1_714_608_000)
        #expect(sent.pageSize == 100 && sent.beforeSeq == 500)
    }

    @Test func identityIsTheDefaultAndAbsentFiltersStayUnset() async throws {
        var backend = FakeBackend()
        backend.answer(AuditMethods.list("identity"), on: "identity") { _ in .init() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/audit", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["entries"] as? [Any] != nil)
            }
        }
        let call = try #require(backend.calls.last)
        #expect(call.service == "identity")
        let sent = try call.request(as: Metrology_Common_V1_ListAuditRequest.self)
        #expect(!sent.hasFrom && !sent.hasTo && sent.pageSize == 0 && sent.beforeSeq == 0)
    }

    @Test(
        "bad audit queries are 400 before any service",
        arguments: [
            ("/v1/audit?service=billing", "AUDIT_SERVICE_UNKNOWN"), ("/v1/audit/verify?service=billing", "AUDIT_SERVICE_UNKNOWN"),
            ("/v1/audit?from=2024-05-01", "QUERY_TIMESTAMP_INVALID"), ("/v1/audit?to=yesterday", "QUERY_TIMESTAMP_INVALID"),
            ("/v1/audit?beforeSeq=1.5", "QUERY_INTEGER_INVALID"), ("/v1/audit?pageSize=99999999999", "QUERY_INTEGER_INVALID"),
        ])
    func badQuery(_ uri: String, _ code: String) async throws {
        let backend = FakeBackend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .badRequest, code: code)
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func verifyReportsTheFirstBrokenLink() async throws {
        var backend = FakeBackend()
        backend.answer(AuditMethods.verify("devices"), on: "devices") { _ in
            var response = Metrology_Common_V1_VerifyAuditResponse()
            response.intact = false
            response.checked = 17
            response.firstBrokenSeq = 9
            response.problem = "第 9 条记录的哈希不符"
            response.problemCode = "AUDIT_HASH_MISMATCH"
            return response
        }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/audit/verify?service=devices", method: .get, headers: try gateway.authorization()) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["intact"] as? Bool == false)
                #expect(json["checked"] as? Int == 17)
                #expect(json["firstBrokenSeq"] as? Int == 9)
                #expect(json["problemCode"] as? String == "AUDIT_HASH_MISMATCH")
            }
        }
    }

    @Test func permissionDeniedFromTheServiceIs403() async throws {
        var backend = FakeBackend()
        backend.answer(AuditMethods.list("identity"), on: "identity") { _ in throw RPCError.permissionDenied() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/audit", method: .get, headers: try gateway.authorization()) { response in
                try expectProblem(response, .forbidden, code: "PERMISSION_DENIED")
            }
        }
    }
}
