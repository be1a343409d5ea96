import Contracts
import RPCCore
import Testing

@testable import RecordsService

/// Entering in order, going back and confirming, in memory (the handler writes what these decide).
@Suite("Records: entry order, going back and confirming")
struct EntrySheetTests {
    static let procedure = try! EntryTestProcedure.pinned()

    static func enter(_ sheet: inout EntrySheet, _ cell: EntryCell, _ value: String, revision: Int32 = 1) throws(RPCError) -> EntrySheet.Change {
        let (_, position) = try procedure.input(cell)
        try sheet.checkOrder(cell, position: position, plan: procedure.plan)
        return sheet.apply(cell, position: position, value: value, unit: "", revision: revision, plan: procedure.plan)
    }

    @Test("a cell after the next step is refused RECORDS_STEP_OUT_OF_ORDER naming the expected step")
    func outOfOrder() throws {
        var sheet = EntrySheet()
        let error = #expect(throws: RPCError.self) { try Self.enter(&sheet, EntryCell("errors", point: 1, run: 1), "0.1") }
        #expect(error?.reason == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(error?.details["expectedItemCode"] == "reading")
        #expect(error?.details["expectedTitle"] == "加油机示值")
        #expect(error?.message.contains("“加油机示值”（reading）") == true)
    }

    @Test("an optional cell before the next step may be filled; after it, it is out of order")
    func optionalCells() throws {
        var sheet = EntrySheet()
        _ = try Self.enter(&sheet, EntryCell("note"), "现场检定")
        let error = #expect(throws: RPCError.self) { try Self.enter(&sheet, EntryCell("photo"), "sha256:ab") }
        #expect(error?.reason == "RECORDS_STEP_OUT_OF_ORDER")
    }

    @Test("going back re-opens every later value; the same value again confirms one, a new one re-opens the rest")
    func goingBack() throws {
        var sheet = EntrySheet()
        _ = try Self.enter(&sheet, EntryCell("reading"), "20.00")
        _ = try Self.enter(&sheet, EntryCell("errors", point: 1, run: 1), "0.10")
        _ = try Self.enter(&sheet, EntryCell("errors", point: 1, run: 2), "0.20")
        let back = try Self.enter(&sheet, EntryCell("reading"), "20.05", revision: 4)
        #expect(back.changesValue && back.hadValue && back.oldValue == "20.00")
        // Re-opened cells take the going-back's revision: an offline value captured before it is a conflict.
        #expect(sheet.values[EntryCell("errors", point: 1, run: 2)]?.revision == 4)
        #expect(back.reopens == [EntryCell("errors", point: 1, run: 1), EntryCell("errors", point: 1, run: 2)])
        #expect(sheet.nextStep(Self.procedure.plan).cell.point == 1 && sheet.nextStep(Self.procedure.plan).cell.run == 1)
        // A re-opened cell after the next one cannot be confirmed out of order.
        let skipped = #expect(throws: RPCError.self) { try Self.enter(&sheet, EntryCell("errors", point: 1, run: 2), "0.20") }
        #expect(skipped?.reason == "RECORDS_STEP_OUT_OF_ORDER")
        let confirm = try Self.enter(&sheet, EntryCell("errors", point: 1, run: 1), "0.10")
        #expect(confirm.confirms && !confirm.changesValue && confirm.reopens.isEmpty)
        #expect(sheet.values[EntryCell("errors", point: 1, run: 1)]?.reopened == false)
        #expect(sheet.values[EntryCell("errors", point: 1, run: 2)]?.reopened == true)
        let same = try Self.enter(&sheet, EntryCell("reading"), "20.05")
        #expect(same.isNoOp)
    }

    @Test("a cell that is not an input is RECORDS_CELL_UNKNOWN")
    func unknownCells() throws {
        for cell in [EntryCell("nope"), EntryCell("mean1"), EntryCell("errors", point: 3, run: 1), EntryCell("reading", point: 1, run: 1)] {
            let error = #expect(throws: RPCError.self) { try Self.procedure.input(cell) }
            #expect(error?.reason == "RECORDS_CELL_UNKNOWN")
        }
    }

    @Test("the computation uses the current values, re-opened ones included, and gives judgements and the conclusion")
    func computation() throws {
        var sheet = EntrySheet()
        _ = try Self.enter(&sheet, EntryCell("reading"), "20.00")
        _ = try Self.enter(&sheet, EntryCell("errors", point: 1, run: 1), "0.10")
        var result = EntryComputation.evaluate(Self.procedure, sheet: sheet)
        #expect(result.computed.map(\.cell.itemCode) == ["mean1", "ok1", "double", "conclusion"])
        _ = try Self.enter(&sheet, EntryCell("errors", point: 1, run: 2), "0.25")
        result = EntryComputation.evaluate(Self.procedure, sheet: sheet)
        let mean = result.computed.first { $0.cell.itemCode == "mean1" }
        #expect(mean?.value == "0.18")  // (0.10 + 0.25) / 2 = 0.175 → GB/T 8170 at 0.01: 0.18
        #expect(mean?.unit == "%" && mean?.type == "number")
        #expect(result.computed.first { $0.cell.itemCode == "ok1" }?.value == "true")
        #expect(result.conclusion == "合格")
        // Going back to the reading re-opens the table, and the values still count.
        _ = try Self.enter(&sheet, EntryCell("reading"), "30.00")
        result = EntryComputation.evaluate(Self.procedure, sheet: sheet)
        #expect(result.computed.first { $0.cell.itemCode == "double" }?.value == "60.00")
        #expect(result.conclusion == "合格")
    }
}
