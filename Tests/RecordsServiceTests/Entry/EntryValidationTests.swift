import Contracts
import RPCCore
import Testing

@testable import RecordsService

/// Each data item's value rules, with the reason each refusal carries.
@Suite("Records: entered value validation")
struct EntryValidationTests {
    static let procedure = try! EntryTestProcedure.pinned()

    static func check(_ code: String, _ value: String, point: Int32 = 0, run: Int32 = 0) throws(RPCError) -> EntryValidation.Accepted {
        let cell = EntryCell(code, point: point, run: run)
        return try EntryValidation.check(value, item: procedure.itemsByCode[code]!, cell: cell)
    }

    static func reason(_ code: String, _ value: String, point: Int32 = 0, run: Int32 = 0) -> String? {
        do {
            _ = try check(code, value, point: point, run: run)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("numbers: decimal text kept as entered, the item's unit optional after it")
    func numbers() throws {
        #expect(try Self.check("reading", " 20.05 ") == .init(value: "20.05", unit: "L"))
        #expect(try Self.check("reading", "20.10 L") == .init(value: "20.10", unit: "L"))
        #expect(Self.reason("reading", "20.05 mL") == "RECORDS_VALUE_UNIT")
        #expect(Self.reason("reading", "二十") == "RECORDS_VALUE_INVALID")
        #expect(Self.reason("reading", "") == "RECORDS_VALUE_REQUIRED")
    }

    @Test("a number with more significant digits than its item allows is RECORDS_VALUE_SIGNIFICANT_DIGITS; trailing zeros count")
    func significantDigits() throws {
        var item = Metrology_Flows_V1_DataItem()
        item.code = "pressure"
        item.title = "压力"
        item.kind = "number"
        item.significantDigits = 3
        let cell = EntryCell("pressure")
        #expect(try EntryValidation.check("0.00120", item: item, cell: cell).value == "0.00120")
        #expect(try EntryValidation.check("-12.5", item: item, cell: cell).value == "-12.5")
        #expect(try EntryValidation.check("0", item: item, cell: cell).value == "0")
        let error = #expect(throws: RPCError.self) { try EntryValidation.check("12.50", item: item, cell: cell) }
        #expect(error?.reason == "RECORDS_VALUE_SIGNIFICANT_DIGITS")
        #expect(error?.message.contains("至多 3 位有效数字") == true)
        #expect(EntryValidation.significantDigits(of: "1200") == 4)
    }

    @Test("numbers outside min/max are RECORDS_VALUE_OUT_OF_RANGE naming the bounds")
    func range() throws {
        let error = #expect(throws: RPCError.self) { try Self.check("reading", "100.01") }
        #expect(error?.reason == "RECORDS_VALUE_OUT_OF_RANGE")
        #expect(error?.message.contains("0 到 100 L") == true)
        #expect(Self.reason("reading", "-0.01") == "RECORDS_VALUE_OUT_OF_RANGE")
        #expect(Self.reason("reading", "100") == nil)
        #expect(Self.reason("reading", "0") == nil)
    }

    @Test("resolution: a multiple of it, trailing zeros allowed")
    func resolution() {
        #expect(Self.reason("reading", "20.053") == "RECORDS_VALUE_RESOLUTION")
        #expect(Self.reason("reading", "20.050") == nil)
        #expect(EntryValidation.isMultiple(ExactDecimalLiteral.make("2.5"), of: ExactDecimalLiteral.make("0.5")))
        #expect(!EntryValidation.isMultiple(ExactDecimalLiteral.make("2.6"), of: ExactDecimalLiteral.make("0.5")))
        #expect(EntryValidation.isMultiple(ExactDecimalLiteral.make("1E30"), of: ExactDecimalLiteral.make("0.001")))
    }

    @Test("table cells follow the number rules")
    func tableCells() {
        #expect(Self.reason("errors", "0.12", point: 1, run: 1) == nil)
        #expect(Self.reason("errors", "abc", point: 1, run: 1) == "RECORDS_VALUE_INVALID")
    }

    @Test("choices, dates and text")
    func otherKinds() throws {
        #expect(try Self.check("method", "质量法").value == "质量法")
        #expect(Self.reason("method", "目测法") == "RECORDS_VALUE_NOT_A_CHOICE")
        #expect(try Self.check("tested_on", "2026-12-02").value == "2026-12-02")
        #expect(Self.reason("tested_on", "2026-02-30") == "RECORDS_VALUE_INVALID")
        #expect(Self.reason("tested_on", "2026/12/02") == "RECORDS_VALUE_INVALID")
        #expect(Self.reason("note", String(repeating: "字", count: 200)) == nil)
        #expect(Self.reason("note", String(repeating: "字", count: 201)) == "RECORDS_VALUE_TOO_LONG")
        #expect(Self.reason("photo", "sha256:0123abcd") == nil)
    }
}
