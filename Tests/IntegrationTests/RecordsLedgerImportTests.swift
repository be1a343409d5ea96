import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// ImportInstruments through the real broker and database: all rows or none, every violation reported with row,
/// column and reason, duplicates within the file and against the ledger, hostile files refused, retries applied once.
@Suite("Records: ledger import from .xlsx", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsLedgerImportTests {
    typealias Records = RecordsCustomersTests.Records

    struct Violation: Decodable, Equatable {
        var row: Int
        var column: String
        var code: String
    }

    func importFile(
        _ api: Records, _ customer: String, _ data: Data, messageID: String? = nil
    ) async throws
        -> Metrology_Records_V1_ImportInstrumentsResponse
    {
        var request = Metrology_Records_V1_ImportInstrumentsRequest()
        request.customerID = customer
        request.xlsx = data
        request.filename = "台账.xlsx"
        return try await api.fx.client.call(RecordsMethods.importInstruments, request, options: api.options(messageID))
    }

    func ledgerCount(_ api: Records, _ customer: String) async throws -> Int64 {
        try await api.listInstruments { $0.customerID = customer }.total
    }

    func violations(_ error: RPCError) throws -> [Violation] {
        try JSONDecoder().decode([Violation].self, from: Data((error.details["violations"] ?? "").utf8))
    }

    @Test("a good sheet is imported whole, and a retry with the same message id is the same import")
    func importsAll() async throws {
        let api = try await Records.make("records-import")
        defer { Task { await api.fx.close() } }
        let customer = try await api.createCustomer()
        let file = try LedgerWorkbook.xlsx([
            LedgerWorkbook.header,
            LedgerWorkbook.row("燃油加油机", serial: "JY-1"),
            LedgerWorkbook.row("燃油加油机", serial: "JY-2", date: "#45063", use: "贸易结算", cycle: "12"),
            LedgerWorkbook.row("压力表", serial: "P-1", date: "2022/11/2", use: "安全防护"),
            LedgerWorkbook.row("电子天平", serial: "T-1", date: "", mandatory: "否", use: "", cycle: ""),
        ])
        let messageID = UUID().uuidString
        let imported = try await importFile(api, customer.id, file, messageID: messageID)
        #expect(imported.imported == 4)
        #expect(imported.instruments.map(\.serialNumber) == ["JY-1", "JY-2", "P-1", "T-1"])
        #expect(imported.instruments[1].manufactureDate == "2023-05-17" && imported.instruments[1].cycleMonths == 12)
        #expect(imported.instruments[2].manufactureDate == "2022-11-02" && imported.instruments[2].mandatoryUse == "safety")
        #expect(!imported.instruments[3].mandatory && imported.instruments[3].cycleMonths == 12)
        #expect(imported.instruments.allSatisfy { $0.customerID == customer.id && $0.customerName == customer.name })
        #expect(try await ledgerCount(api, customer.id) == 4)
        #expect(try await api.getCustomer(customer.id).instrumentCount == 4)

        let again = try await importFile(api, customer.id, file, messageID: messageID)
        #expect(again.instruments.map(\.id) == imported.instruments.map(\.id))
        #expect(try await ledgerCount(api, customer.id) == 4)

        // The same file under a new message id: every row is now in the ledger, so nothing is imported.
        let duplicate = try await expectRPCError(.invalidArgument) { _ = try await importFile(api, customer.id, file) }
        #expect(duplicate.reason == "RECORDS_LEDGER_IMPORT_INVALID")
        #expect(try violations(duplicate) == (2...5).map { Violation(row: $0, column: "C", code: "RECORDS_INSTRUMENT_DUPLICATE") })
        #expect(try await ledgerCount(api, customer.id) == 4)
    }

    @Test("any bad row refuses the whole file with every violation (row, column, reason); nothing is imported")
    func allOrNothing() async throws {
        let api = try await Records.make("records-import-invalid")
        defer { Task { await api.fx.close() } }
        let customer = try await api.createCustomer()
        let existing = try await api.createInstrument(Records.instrumentRequest(customer.id, serial: "OLD-1"))
        let file = try LedgerWorkbook.xlsx([
            LedgerWorkbook.header,
            LedgerWorkbook.row("燃油加油机", serial: "N-1"),
            LedgerWorkbook.row("", serial: "N-2"),
            LedgerWorkbook.row("燃油加油机", serial: "N-3", date: "2099-01-01", use: ""),
            LedgerWorkbook.row("燃油加油机", serial: "N-1"),
            LedgerWorkbook.row("燃油加油机", serial: "N-5", mandatory: "也许", cycle: "#0"),
            [existing.name, existing.model, existing.serialNumber, "", "", "", "", "", "是", "贸易结算", "#6"],
        ])
        let refusal = try await expectRPCError(.invalidArgument) { _ = try await importFile(api, customer.id, file) }
        #expect(refusal.reason == "RECORDS_LEDGER_IMPORT_INVALID")
        #expect(refusal.details["count"] == "7")
        #expect(
            try violations(refusal) == [
                Violation(row: 3, column: "A", code: "RECORDS_FIELD_REQUIRED"),
                Violation(row: 4, column: "E", code: "RECORDS_DATE_IN_FUTURE"),
                Violation(row: 4, column: "J", code: "RECORDS_MANDATORY_USE_REQUIRED"),
                Violation(row: 5, column: "C", code: "RECORDS_INSTRUMENT_DUPLICATE"),
                Violation(row: 6, column: "I", code: "RECORDS_MANDATORY_INVALID"),
                Violation(row: 6, column: "K", code: "RECORDS_CYCLE_INVALID"),
                Violation(row: 7, column: "C", code: "RECORDS_INSTRUMENT_DUPLICATE"),
            ])
        let listed = try JSONSerialization.jsonObject(with: Data(refusal.details["violations"]!.utf8)) as! [[String: Any]]
        #expect(listed[0]["reason"] as? String == "请填写器具名称")
        #expect(refusal.message.contains("未导入任何器具"))
        // N-1, a good row, was not imported either.
        #expect(try await ledgerCount(api, customer.id) == 1)
    }

    @Test("hostile or unreadable files: RECORDS_LEDGER_FILE_INVALID with TemplateKit's cause; an unknown customer; a header alone")
    func badFiles() async throws {
        let api = try await Records.make("records-import-files")
        defer { Task { await api.fx.close() } }
        let customer = try await api.createCustomer()
        func fileRefusal(_ data: Data) async throws -> RPCError {
            try await expectRPCError(.invalidArgument) { _ = try await importFile(api, customer.id, data) }
        }
        let csv = try await fileRefusal(Data("器具名称,出厂编号\n水表,1".utf8))
        #expect(csv.reason == "RECORDS_LEDGER_FILE_INVALID" && csv.details["cause"] == "TEMPLATE_NOT_ZIP")
        let bomb = try await fileRefusal(try LedgerWorkbook.zip([("xl/workbook.xml", String(repeating: "0", count: 20 << 20))]))
        #expect(bomb.reason == "RECORDS_LEDGER_FILE_INVALID" && bomb.details["cause"] == "TEMPLATE_ZIP_BOMB")
        let entity = try await fileRefusal(
            try LedgerWorkbook.zip([
                ("xl/workbook.xml", #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook>&x;</workbook>"#)
            ]))
        #expect(entity.details["cause"] == "TEMPLATE_EXTERNAL_ENTITY")
        let headerOnly = try await fileRefusal(try LedgerWorkbook.xlsx([LedgerWorkbook.header]))
        #expect(headerOnly.reason == "RECORDS_LEDGER_IMPORT_EMPTY")
        let empty = try await fileRefusal(Data())
        #expect(empty.reason == "RECORDS_LEDGER_FILE_INVALID")
        let unknown = try await expectRPCError(.notFound) {
            _ = try await importFile(api, UUID().uuidString, try LedgerWorkbook.xlsx([LedgerWorkbook.header, LedgerWorkbook.row("水表", serial: "1")]))
        }
        #expect(unknown.reason == "RECORDS_CUSTOMER_NOT_FOUND")
        #expect(try await ledgerCount(api, customer.id) == 0)
    }
}
