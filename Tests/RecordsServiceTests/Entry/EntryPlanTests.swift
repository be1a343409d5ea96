import Contracts
import Testing

@testable import RecordsService

/// The entry order: input cells in procedure order, tables point-major and run-minor, formula items left out, and
/// the next step the first required cell without a value or a re-opened one.
@Suite("Records: entry plan")
struct EntryPlanTests {
    @Test("input cells in procedure order, tables point-major then run, no formula items")
    func order() throws {
        let plan = try EntryTestProcedure.pinned().plan
        #expect(
            plan.steps.map(\.cell.description) == [
                "note", "reading", "errors[1,1]", "errors[1,2]", "errors[2,1]", "errors[2,2]", "photo", "method", "tested_on",
            ])
        #expect(plan.steps[4].pointLabel == "小流量")
        #expect(plan.position(of: EntryCell("mean1")) == nil)
        #expect(plan.position(of: EntryCell("errors", point: 3, run: 1)) == nil)
    }

    @Test("the next step skips optional cells and stops at the first required one without a value")
    func nextSkipsOptional() throws {
        let plan = try EntryTestProcedure.pinned().plan
        let first = plan.nextStep(filled: [])
        #expect(first.cell.itemCode == "reading")
        #expect(first.title == "加油机示值")
        #expect(first.unit == "L")
        #expect(!first.complete)
        let table = plan.nextStep(filled: [EntryCell("reading"), EntryCell("errors", point: 1, run: 1)])
        #expect(table.cell.itemCode == "errors" && table.cell.point == 1 && table.cell.run == 2)
        #expect(table.pointLabel == "大流量")
    }

    @Test("complete when every required cell has a value and none is re-opened")
    func complete() throws {
        let plan = try EntryTestProcedure.pinned().plan
        let required: Set<EntryCell> = [
            EntryCell("reading"), EntryCell("errors", point: 1, run: 1), EntryCell("errors", point: 1, run: 2), EntryCell("errors", point: 2, run: 1),
            EntryCell("errors", point: 2, run: 2), EntryCell("tested_on"),
        ]
        #expect(plan.nextStep(filled: required).complete)
        // A re-opened optional value must be confirmed too.
        let reopened = plan.nextStep(filled: required.union([EntryCell("note")]), reopened: [EntryCell("note")])
        #expect(!reopened.complete)
        #expect(reopened.cell.itemCode == "note")
    }
}
