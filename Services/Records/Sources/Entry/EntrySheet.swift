import Contracts
import Foundation
import RPCCore

/// A task's entered values as entry works on them (pure): the order rule, going back and confirming. The store
/// loads one, the handler applies changes to it in memory and writes what changed.
struct EntrySheet: Sendable {
    struct Value: Sendable, Equatable {
        var value: String
        var unit: String
        var reopened: Bool
        /// The task revision that last wrote this cell.
        var revision: Int32
    }

    /// What applying one value did.
    struct Change: Sendable, Equatable {
        let cell: EntryCell
        /// The cell's value before ("" when it had none).
        let oldValue: String
        let hadValue: Bool
        /// The value or unit differs from what was there (a first value included).
        let changesValue: Bool
        /// A re-opened value entered again as it was: it counts again, nothing else moves.
        let confirms: Bool
        /// The later values this change re-opened (those not re-opened already), in entry order.
        let reopens: [EntryCell]

        /// Nothing to write: the same value again on a cell that was not re-opened.
        var isNoOp: Bool { !changesValue && !confirms }
    }

    var values: [EntryCell: Value]

    init(values: [EntryCell: Value] = [:]) {
        self.values = values
    }

    var filled: Set<EntryCell> { Set(values.keys) }
    var reopened: Set<EntryCell> { Set(values.filter(\.value.reopened).keys) }

    func frontier(_ plan: EntryPlan) -> Int { plan.frontier(filled: filled, reopened: reopened) }

    func nextStep(_ plan: EntryPlan) -> Metrology_Records_V1_EntryStep { plan.step(at: frontier(plan)) }

    /// The order rule without changing anything: a cell after the next step is refused naming that step.
    func checkOrder(_ cell: EntryCell, position: Int, plan: EntryPlan) throws(RPCError) {
        let next = frontier(plan)
        if position > next { throw RecordsErrors.outOfOrder(cell, expected: plan.steps[next]) }
    }

    /// Applies a checked value at `position` (the caller checked the order). Going back — a new or different value
    /// before later values — re-opens every later value: they stay, count in the computation, and must each be
    /// entered again in order (the same value confirms one).
    @discardableResult
    mutating func apply(_ cell: EntryCell, position: Int, value: String, unit: String, revision: Int32, plan: EntryPlan) -> Change {
        let old = values[cell]
        let changesValue = old.map { $0.value != value || $0.unit != unit } ?? true
        let confirms = !changesValue && (old?.reopened ?? false)
        var reopens: [EntryCell] = []
        if changesValue {
            for step in plan.steps[(position + 1)...] where values[step.cell].map({ !$0.reopened }) ?? false {
                values[step.cell]?.reopened = true
                values[step.cell]?.revision = revision
                reopens.append(step.cell)
            }
        }
        if changesValue || confirms {
            values[cell] = Value(value: value, unit: unit, reopened: false, revision: revision)
        }
        return Change(
            cell: cell, oldValue: old?.value ?? "", hadValue: old != nil, changesValue: changesValue, confirms: confirms, reopens: reopens)
    }
}

extension PinnedProcedure {
    /// The data item and entry position of an input cell, or RECORDS_CELL_UNKNOWN saying what is wrong with it.
    func input(_ cell: EntryCell) throws(RPCError) -> (item: Metrology_Flows_V1_DataItem, position: Int) {
        guard let item = itemsByCode[cell.itemCode] else {
            throw RecordsErrors.cellUnknown(cell, "检测流程第 \(version) 版没有数据项“\(cell.itemCode.prefix(64))”")
        }
        let title = item.title.isEmpty ? item.code : item.title
        guard EntryPlan.inputKinds.contains(item.kind) else {
            throw RecordsErrors.cellUnknown(cell, "“\(title)”由公式计算得出，不能录入")
        }
        guard let position = plan.position(of: cell) else {
            if item.kind == "table" {
                throw RecordsErrors.cellUnknown(
                    cell, "“\(title)”共 \(max(item.points, 1)) 个测量点、每点 \(max(item.runs, 1)) 次，没有第 \(cell.point) 点第 \(cell.run) 次")
            }
            throw RecordsErrors.cellUnknown(cell, "“\(title)”不是读数表，测量点和次数应为 0")
        }
        return (item, position)
    }
}
