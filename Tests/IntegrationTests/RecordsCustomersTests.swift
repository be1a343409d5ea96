import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Customers (委托单位) and their instrument ledgers through the records service's RPCs on the real broker and
/// database: validation with stable reasons, uniqueness, keyset paging, permissions, idempotent writes.
@Suite("Records: customers and the instrument ledger", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsCustomersTests {
    /// The records RPCs with a metrologist's token (原始记录编辑) or another.
    struct Records {
        let fx: IdentityFixtures
        let token: String

        static func make(_ name: String) async throws -> Records {
            let fx = try await IdentityFixtures.make(name)
            let editor = try await fx.createUser("rec-editor", roles: ["metrologist"])
            return Records(fx: fx, token: try await fx.login(editor.username).accessToken)
        }

        func options(_ messageID: String? = nil) -> CallOptions { .init(messageID: messageID, accessToken: token) }

        static func customerRequest(
            _ name: String = "测试单位-\(UUID().uuidString.prefix(6))", uscc: String = TestUSCC.random()
        )
            -> Metrology_Records_V1_CreateCustomerRequest
        {
            var request = Metrology_Records_V1_CreateCustomerRequest()
            request.name = name
            request.uscc = uscc
            request.address = "杭州市西湖区文三路 100 号"
            request.contactPerson = "王经理"
            request.contactPhone = "0571-87654321"
            request.regionCode = "330106"
            return request
        }

        func createCustomer(
            _ request: Metrology_Records_V1_CreateCustomerRequest = customerRequest(), messageID: String? = nil
        ) async throws
            -> Metrology_Records_V1_Customer
        {
            try await fx.client.call(RecordsMethods.createCustomer, request, options: options(messageID))
        }

        func getCustomer(_ id: String) async throws -> Metrology_Records_V1_Customer {
            var request = Metrology_Records_V1_GetCustomerRequest()
            request.customerID = id
            return try await fx.client.call(RecordsMethods.getCustomer, request, options: options())
        }

        func listCustomers(
            query: String = "", region: String = "", size: Int32 = 0, cursor: String = ""
        ) async throws
            -> Metrology_Records_V1_ListCustomersResponse
        {
            var request = Metrology_Records_V1_ListCustomersRequest()
            request.query = query
            request.regionCode = region
            request.pageSize = size
            request.cursor = cursor
            return try await fx.client.call(RecordsMethods.listCustomers, request, options: options())
        }

        static func instrumentRequest(
            _ customer: String, serial: String = "SN-\(UUID().uuidString.prefix(6))"
        )
            -> Metrology_Records_V1_CreateInstrumentRequest
        {
            var request = Metrology_Records_V1_CreateInstrumentRequest()
            request.customerID = customer
            request.name = "燃油加油机"
            request.model = "CS52D2244G"
            request.serialNumber = serial
            request.manufacturer = "某某加油设备有限公司"
            request.manufactureDate = "2023-05-17"
            request.accuracyClass = "0.3级"
            request.measuringRange = "(5~60) L/min"
            request.placeOfUse = "一号加油站"
            request.mandatory = true
            request.mandatoryUse = "trade"
            request.cycleMonths = 6
            return request
        }

        func createInstrument(
            _ request: Metrology_Records_V1_CreateInstrumentRequest, messageID: String? = nil
        ) async throws
            -> Metrology_Records_V1_Instrument
        {
            try await fx.client.call(RecordsMethods.createInstrument, request, options: options(messageID))
        }

        func updateInstrument(
            _ id: String, _ change: (inout Metrology_Records_V1_UpdateInstrumentRequest) -> Void
        ) async throws
            -> Metrology_Records_V1_Instrument
        {
            var request = Metrology_Records_V1_UpdateInstrumentRequest()
            request.instrumentID = id
            change(&request)
            return try await fx.client.call(RecordsMethods.updateInstrument, request, options: options())
        }

        func listInstruments(
            _ change: (inout Metrology_Records_V1_ListInstrumentsRequest) -> Void
        ) async throws
            -> Metrology_Records_V1_ListInstrumentsResponse
        {
            var request = Metrology_Records_V1_ListInstrumentsRequest()
            change(&request)
            return try await fx.client.call(RecordsMethods.listInstruments, request, options: options())
        }
    }

    @Test("create, read, update a customer: USCC upper-cased, region named, instrument count")
    func customerLifecycle() async throws {
        let api = try await Records.make("records-customer")
        defer { Task { await api.fx.close() } }
        let uscc = TestUSCC.random()
        let request = Records.customerRequest(uscc: uscc.lowercased())
        let created = try await api.createCustomer(request)
        #expect(created.uscc == uscc)
        #expect(created.regionName == "浙江省")
        #expect(created.name == request.name)
        #expect(created.instrumentCount == 0)

        _ = try await api.createInstrument(Records.instrumentRequest(created.id))
        _ = try await api.createInstrument(Records.instrumentRequest(created.id))
        let read = try await api.getCustomer(created.id)
        #expect(read.instrumentCount == 2)
        #expect(read.contactPhone == "0571-87654321")

        var update = Metrology_Records_V1_UpdateCustomerRequest()
        update.customerID = created.id
        update.regionCode = "110105"
        update.contactPhone = "13800138000"
        let updated = try await api.fx.client.call(RecordsMethods.updateCustomer, update, options: api.options())
        #expect(updated.regionCode == "110105" && updated.regionName == "北京市")
        #expect(updated.contactPhone == "13800138000")
        #expect(updated.name == request.name)

        let missing = try await expectRPCError(.notFound) { _ = try await api.getCustomer(UUID().uuidString) }
        #expect(missing.reason == "RECORDS_CUSTOMER_NOT_FOUND")
    }

    @Test("bad customer input: each refusal names its reason and field")
    func customerValidation() async throws {
        let api = try await Records.make("records-customer-validation")
        defer { Task { await api.fx.close() } }
        func refusal(_ change: (inout Metrology_Records_V1_CreateCustomerRequest) -> Void) async throws -> RPCError {
            var request = Records.customerRequest()
            change(&request)
            return try await expectRPCError(.invalidArgument) { _ = try await api.createCustomer(request) }
        }
        let check = try await refusal { $0.uscc = "91350100M000100Y40" }
        #expect(check.reason == "RECORDS_USCC_INVALID")
        #expect(check.details["field"] == "uscc")
        #expect(check.details["position"] == "18" && check.details["expected"] == "3")
        let organisation = try await refusal { $0.uscc = "91350100M000200Y43" }
        #expect(organisation.reason == "RECORDS_USCC_INVALID" && organisation.details["position"] == "17")
        let letter = try await refusal { $0.uscc = "91350100M0001O0Y43" }
        #expect(letter.reason == "RECORDS_USCC_INVALID" && letter.details["position"] == "14")
        let region = try await refusal { $0.regionCode = "990101" }
        #expect(region.reason == "RECORDS_REGION_INVALID")
        #expect(region.details["field"] == "regionCode")
        #expect(try await refusal { $0.regionCode = "3301" }.reason == "RECORDS_REGION_INVALID")
        let phone = try await refusal { $0.contactPhone = "12345" }
        #expect(phone.reason == "RECORDS_PHONE_INVALID")
        let name = try await refusal { $0.name = " " }
        #expect(name.reason == "RECORDS_FIELD_REQUIRED" && name.details["field"] == "name")
        #expect(try await refusal { $0.name = String(repeating: "名", count: 101) }.reason == "RECORDS_FIELD_TOO_LONG")
        // A private person has no USCC, and several may be registered.
        _ = try await api.createCustomer(Records.customerRequest(uscc: ""))
        _ = try await api.createCustomer(Records.customerRequest(uscc: ""))
    }

    @Test("a USCC belongs to one customer (RECORDS_CUSTOMER_USCC_TAKEN), on create and on update, in any letter case")
    func usccTaken() async throws {
        let api = try await Records.make("records-customer-uscc")
        defer { Task { await api.fx.close() } }
        let code = TestUSCC.random()
        let first = try await api.createCustomer(Records.customerRequest(uscc: code))
        let taken = try await expectRPCError(.alreadyExists) { _ = try await api.createCustomer(Records.customerRequest(uscc: code.lowercased())) }
        #expect(taken.reason == "RECORDS_CUSTOMER_USCC_TAKEN")
        #expect(taken.details["field"] == "uscc")
        let second = try await api.createCustomer(Records.customerRequest(uscc: TestUSCC.random()))
        var update = Metrology_Records_V1_UpdateCustomerRequest()
        update.customerID = second.id
        update.uscc = first.uscc
        let onUpdate = try await expectRPCError(.alreadyExists) {
            _ = try await api.fx.client.call(RecordsMethods.updateCustomer, update, options: api.options())
        }
        #expect(onUpdate.reason == "RECORDS_CUSTOMER_USCC_TAKEN")
    }

    @Test("customers page by cursor with the true total; a region filters by prefix; a forged cursor is PAGE_CURSOR_INVALID")
    func paging() async throws {
        let api = try await Records.make("records-customer-paging")
        defer { Task { await api.fx.close() } }
        let tag = "分页\(UUID().uuidString.prefix(6))"
        var ids: [String] = []
        for index in 1...3 {
            var request = Records.customerRequest("\(tag)-\(index)")
            if index == 3 { request.regionCode = "440305" }
            ids.append(try await api.createCustomer(request).id)
        }
        let first = try await api.listCustomers(query: tag, size: 2)
        #expect(first.total == 3)
        #expect(first.customers.map(\.id) == Array(ids.prefix(2)))
        #expect(!first.nextCursor.isEmpty)
        let second = try await api.listCustomers(query: tag, size: 2, cursor: first.nextCursor)
        #expect(second.total == 3)
        #expect(second.customers.map(\.id) == [ids[2]])
        #expect(second.nextCursor.isEmpty)
        let guangdong = try await api.listCustomers(query: tag, region: "44")
        #expect(guangdong.customers.map(\.id) == [ids[2]])
        #expect(guangdong.customers.first?.regionName == "广东省")
        let forged = try await expectRPCError(.invalidArgument) { _ = try await api.listCustomers(cursor: "bm90LWEtY3Vyc29y") }
        #expect(forged.reason == "PAGE_CURSOR_INVALID")
    }

    @Test("records.edit is checked inside records: a verifier (records.query only) reads but cannot create")
    func permissions() async throws {
        let api = try await Records.make("records-customer-permissions")
        defer { Task { await api.fx.close() } }
        let verifier = try await api.fx.createUser("rec-verifier", roles: ["verifier"])
        let reader = Records(fx: api.fx, token: try await api.fx.login(verifier.username).accessToken)
        let created = try await api.createCustomer()
        #expect(try await reader.getCustomer(created.id).id == created.id)
        let denied = try await expectRPCError(.permissionDenied) { _ = try await reader.createCustomer() }
        #expect(denied.reason == "PERMISSION_DENIED")
    }

    @Test("ledger lines: duplicate key, mandatory use, cycle, dates, status, and a scrapped instrument is final")
    func ledgerRules() async throws {
        let api = try await Records.make("records-ledger")
        defer { Task { await api.fx.close() } }
        let customer = try await api.createCustomer()
        let request = Records.instrumentRequest(customer.id)
        let messageID = UUID().uuidString
        let created = try await api.createInstrument(request, messageID: messageID)
        #expect(created.customerName == customer.name)
        #expect(created.status == "in_use" && created.cycleMonths == 6 && created.mandatoryUse == "trade")
        #expect(created.manufactureDate == "2023-05-17")
        // The same message id is the same write: the stored reply, not a duplicate refusal.
        #expect(try await api.createInstrument(request, messageID: messageID).id == created.id)
        let duplicate = try await expectRPCError(.alreadyExists) { _ = try await api.createInstrument(request) }
        #expect(duplicate.reason == "RECORDS_INSTRUMENT_DUPLICATE")

        func refusal(_ change: (inout Metrology_Records_V1_CreateInstrumentRequest) -> Void) async throws -> RPCError {
            var bad = Records.instrumentRequest(customer.id)
            change(&bad)
            return try await expectRPCError(.invalidArgument) { _ = try await api.createInstrument(bad) }
        }
        #expect(try await refusal { $0.mandatoryUse = "" }.reason == "RECORDS_MANDATORY_USE_REQUIRED")
        #expect(try await refusal { $0.mandatoryUse = "export" }.reason == "RECORDS_MANDATORY_USE_INVALID")
        #expect(try await refusal { $0.mandatory = false }.reason == "RECORDS_MANDATORY_USE_INVALID")
        #expect(try await refusal { $0.cycleMonths = 121 }.reason == "RECORDS_CYCLE_INVALID")
        #expect(try await refusal { $0.manufactureDate = "2099-01-01" }.reason == "RECORDS_DATE_IN_FUTURE")
        #expect(try await refusal { $0.manufactureDate = "2023-02-30" }.reason == "RECORDS_DATE_INVALID")
        #expect(try await refusal { $0.name = "" }.details["field"] == "name")
        var unknown = Records.instrumentRequest(UUID().uuidString)
        unknown.serialNumber = "X"
        #expect(try await expectRPCError(.notFound) { _ = try await api.createInstrument(unknown) }.reason == "RECORDS_CUSTOMER_NOT_FOUND")

        // A non-mandatory instrument with the default cycle.
        var plain = Records.instrumentRequest(customer.id)
        plain.name = "电子天平"
        plain.mandatory = false
        plain.mandatoryUse = ""
        plain.cycleMonths = 0
        let balance = try await api.createInstrument(plain)
        #expect(balance.cycleMonths == 12 && !balance.mandatory)

        // Turning mandatory off drops the use; turning it on needs one.
        let off = try await api.updateInstrument(created.id) { $0.mandatory = false }
        #expect(!off.mandatory && off.mandatoryUse == "")
        let needsUse = try await expectRPCError(.invalidArgument) { _ = try await api.updateInstrument(created.id) { $0.mandatory = true } }
        #expect(needsUse.reason == "RECORDS_MANDATORY_USE_REQUIRED")
        // Renaming onto another line's key is a duplicate.
        let clash = try await expectRPCError(.alreadyExists) {
            _ = try await api.updateInstrument(balance.id) {
                $0.name = created.name
                $0.serialNumber = created.serialNumber
            }
        }
        #expect(clash.reason == "RECORDS_INSTRUMENT_DUPLICATE")
        let badStatus = try await expectRPCError(.invalidArgument) { _ = try await api.updateInstrument(created.id) { $0.status = "lost" } }
        #expect(badStatus.reason == "RECORDS_INSTRUMENT_STATUS_INVALID")
        #expect(try await api.updateInstrument(created.id) { $0.status = "stopped" }.status == "stopped")
        #expect(try await api.updateInstrument(created.id) { $0.status = "scrapped" }.status == "scrapped")
        let scrappedIsFinal = try await expectRPCError(.failedPrecondition) {
            _ = try await api.updateInstrument(created.id) { $0.status = "in_use" }
        }
        #expect(scrappedIsFinal.reason == "RECORDS_INSTRUMENT_SCRAPPED")

        // Filters.
        let mandatory = try await api.listInstruments {
            $0.customerID = customer.id
            $0.mandatoryOnly = true
        }
        #expect(mandatory.instruments.isEmpty && mandatory.total == 0)
        let all = try await api.listInstruments { $0.customerID = customer.id }
        #expect(all.total == 2)
        let scrapped = try await api.listInstruments {
            $0.customerID = customer.id
            $0.status = "scrapped"
        }
        #expect(scrapped.instruments.map(\.id) == [created.id])
        let byText = try await api.listInstruments {
            $0.customerID = customer.id
            $0.query = "天平"
        }
        #expect(byText.instruments.map(\.id) == [balance.id])
        let badDate = try await expectRPCError(.invalidArgument) { _ = try await api.listInstruments { $0.dueBefore = "2026-13-01" } }
        #expect(badDate.reason == "RECORDS_DATE_INVALID")
        let missing = try await expectRPCError(.notFound) {
            var get = Metrology_Records_V1_GetInstrumentRequest()
            get.instrumentID = UUID().uuidString
            _ = try await api.fx.client.call(RecordsMethods.getInstrument, get, options: api.options())
        }
        #expect(missing.reason == "RECORDS_INSTRUMENT_NOT_FOUND")
    }
}
