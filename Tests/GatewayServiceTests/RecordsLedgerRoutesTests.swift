import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

/// `/v1/customers*` and `/v1/instruments*`: customers and their ledgers on the records service — query, cursor and
/// partial updates map onto the RPCs; the ledger import's refusal lists its violations as a JSON array.
@Suite struct RecordsLedgerRoutesTests {
    let gateway = TestGateway()

    static func customer(id: String = "c-1") -> Metrology_Records_V1_Customer {
        var customer = Metrology_Records_V1_Customer()
        customer.id = id
        customer.name = "杭州某某石油销售有限公司"
        customer.uscc = "91330106MA2B0Y0X0C"
        customer.regionCode = "330106"
        customer.regionName = "浙江省"
        customer.instrumentCount = 3
        customer.createdAt = .init(seconds: 1_714_550_400)
        customer.updatedAt = .init(seconds: 1_714_550_400)
        return customer
    }

    static func instrument(id: String = "in-1") -> Metrology_Records_V1_Instrument {
        var instrument = Metrology_Records_V1_Instrument()
        instrument.id = id
        instrument.customerID = "c-1"
        instrument.name = "燃油加油机"
        instrument.serialNumber = "JY-2024-001"
        instrument.mandatory = true
        instrument.mandatoryUse = "trade"
        instrument.status = "in_use"
        instrument.cycleMonths = 6
        instrument.createdAt = .init(seconds: 1_714_550_400)
        instrument.updatedAt = .init(seconds: 1_714_550_400)
        return instrument
    }

    @Test func listCustomersPassesQueryAndCursorAndAnswersNextCursor() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.listCustomers) { _ in
            var response = Metrology_Records_V1_ListCustomersResponse()
            response.customers = [Self.customer()]
            response.total = 41
            response.nextCursor = "next-1"
            return response
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/customers?query=%E7%9F%B3%E6%B2%B9&regionCode=330106&pageSize=10&cursor=abc", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 41)
                #expect(json["nextCursor"] as? String == "next-1")
                let customer = try #require((json["customers"] as? [[String: Any]])?.first)
                #expect(customer["uscc"] as? String == "91330106MA2B0Y0X0C")
                #expect(customer["regionName"] as? String == "浙江省")
                #expect(customer["instrumentCount"] as? Int == 3)
                #expect(customer["createdAt"] as? String == "2024-05-01T08:00:00Z")
            }
        }
        let sent = try #require(log.last).request(as: Metrology_Records_V1_ListCustomersRequest.self)
        #expect(sent.query == "石油" && sent.regionCode == "330106" && sent.pageSize == 10 && sent.cursor == "abc")
    }

    @Test func createCustomerIs201AndAServiceRefusalKeepsItsReason() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.createCustomer) { request in
            guard request.uscc == "91330106MA2B0Y0X0C" else {
                throw RPCError(code: .invalidArgument, message: "统一社会信用代码校验位不正确", reason: "RECORDS_USCC_INVALID", details: ["field": "uscc"])
            }
            var customer = Self.customer()
            customer.name = request.name
            return customer
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            let good = #"{"name":"杭州某某石油销售有限公司","uscc":"91330106MA2B0Y0X0C","regionCode":"330106"}"#
            try await client.execute(uri: "/v1/customers", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: good)) {
                response in
                #expect(response.status == .created)
                try #expect(jsonObject(response.body)["name"] as? String == "杭州某某石油销售有限公司")
            }
            let bad = #"{"name":"某公司","uscc":"91330106MA2B0Y0X0D"}"#
            try await client.execute(uri: "/v1/customers", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: bad)) {
                response in
                try expectProblem(response, .badRequest, code: "RECORDS_USCC_INVALID")
                try #expect(jsonObject(response.body)["fields"] as? [String: String] == ["field": "uscc"])
            }
            // A body without the required name never reaches the service.
            try await client.execute(uri: "/v1/customers", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: "{}")) {
                response in
                try expectProblem(response, .badRequest, code: "INVALID_JSON")
            }
        }
        #expect(log.all.count == 2)
    }

    @Test func updateCustomerSendsOnlyThePresentFields() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.updateCustomer) { _ in Self.customer() }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/customers/c-1", method: .patch, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"contactPhone":"0571-88888888","address":""}"#)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        let sent = try #require(log.last).request(as: Metrology_Records_V1_UpdateCustomerRequest.self)
        #expect(sent.customerID == "c-1")
        #expect(sent.hasContactPhone && sent.contactPhone == "0571-88888888")
        #expect(sent.hasAddress && sent.address == "")
        #expect(!sent.hasName && !sent.hasUscc && !sent.hasRegionCode)
    }

    @Test func bothInstrumentListsMapTheirFilters() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.listInstruments) { _ in
            var response = Metrology_Records_V1_ListInstrumentsResponse()
            response.instruments = [Self.instrument()]
            response.total = 1
            return response
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/customers/c-1/instruments?mandatoryOnly=true&status=in_use&dueBefore=2026-12-31", method: .get,
                headers: try gateway.authorization()
            ) { response in
                #expect(response.status == .ok)
                let instrument = try #require((try jsonObject(response.body)["instruments"] as? [[String: Any]])?.first)
                #expect(instrument["mandatoryUse"] as? String == "trade")
                #expect(instrument["status"] as? String == "in_use")
                #expect(instrument["nextDueOn"] as? String == "")
            }
            let sent = try #require(log.last).request(as: Metrology_Records_V1_ListInstrumentsRequest.self)
            #expect(sent.customerID == "c-1" && sent.mandatoryOnly && sent.status == "in_use" && sent.dueBefore == "2026-12-31")
            try await client.execute(uri: "/v1/instruments?customerId=c-2&query=JY", method: .get, headers: try gateway.authorization()) {
                response in
                #expect(response.status == .ok)
            }
            let other = try #require(log.last).request(as: Metrology_Records_V1_ListInstrumentsRequest.self)
            #expect(other.customerID == "c-2" && other.query == "JY" && !other.mandatoryOnly)
            try await client.execute(uri: "/v1/instruments?mandatoryOnly=maybe", method: .get, headers: try gateway.authorization()) {
                response in
                try expectProblem(response, .badRequest, code: "QUERY_BOOLEAN_INVALID")
            }
        }
    }

    @Test func importSendsTheFileAndARefusalListsItsViolations() async throws {
        var backend = FakeBackend()
        let violations = #"[{"row":3,"column":"出厂编号","reason":"重复"},{"row":5,"column":"器具名称","reason":"必填"}]"#
        backend.answer(RecordsMethods.importInstruments) { request in
            guard request.xlsx == Data("PK-first".utf8) else {
                throw RPCError(
                    code: .invalidArgument, message: "台账文件有 2 处错误，未导入", reason: "RECORDS_LEDGER_IMPORT_INVALID",
                    details: ["violations": violations, "count": "2"])
            }
            var response = Metrology_Records_V1_ImportInstrumentsResponse()
            response.imported = 1
            response.instruments = [Self.instrument()]
            return response
        }
        let log = backend.calls
        try await gateway.app(backend).test(.router) { client in
            let good = #"{"filename":"台账.xlsx","content":"\#(Data("PK-first".utf8).base64EncodedString())"}"#
            try await client.execute(
                uri: "/v1/customers/c-1/instruments/import", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: good)
            ) { response in
                #expect(response.status == .created)
                try #expect(jsonObject(response.body)["imported"] as? Int == 1)
            }
            let sent = try #require(log.last).request(as: Metrology_Records_V1_ImportInstrumentsRequest.self)
            #expect(sent.customerID == "c-1" && sent.filename == "台账.xlsx")
            let bad = #"{"filename":"台账.xlsx","content":"\#(Data("PK-other".utf8).base64EncodedString())"}"#
            try await client.execute(
                uri: "/v1/customers/c-1/instruments/import", method: .post, headers: try gateway.authorization(), body: ByteBuffer(string: bad)
            ) { response in
                try expectProblem(response, .badRequest, code: "RECORDS_LEDGER_IMPORT_INVALID")
                let json = try jsonObject(response.body)
                let list = try #require(json["violations"] as? [[String: Any]])
                #expect(list.count == 2)
                #expect(list.first?["row"] as? Int == 3 && list.first?["column"] as? String == "出厂编号")
                #expect(json["fields"] as? [String: String] == ["count": "2"])
            }
            try await client.execute(
                uri: "/v1/customers/c-1/instruments/import", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"filename":"a.xlsx","content":"not base64!"}"#)
            ) { response in
                try expectProblem(response, .badRequest, code: "BASE64_INVALID")
            }
        }
    }

    /// The import takes an upload's 16 MiB, not 1 MiB: a 2 MiB sheet reaches the service.
    @Test func importIsAnUploadRoute() async throws {
        var backend = FakeBackend()
        backend.answer(RecordsMethods.importInstruments) { _ in Metrology_Records_V1_ImportInstrumentsResponse() }
        let content = Data(repeating: 0x50, count: 2 << 20).base64EncodedString()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(
                uri: "/v1/customers/c-1/instruments/import", method: .post, headers: try gateway.authorization(),
                body: ByteBuffer(string: #"{"filename":"big.xlsx","content":"\#(content)"}"#)
            ) { response in
                #expect(response.status == .created)
            }
        }
    }
}
