import Contracts

/// The input cells of one procedure version in the order the tester enters them (§4.3.5.7, §4.3.9.4): the data
/// items in procedure order; a reading table's cells point-major, run-minor. Computed, judgement and conclusion
/// items are not input. A photo is an input holding a text reference to the picture (its id or digest), so the
/// record says which picture belongs to it.
///
/// The next step is the first cell that is required and has no value, or that holds a re-opened value (going back
/// re-opens every later value, required or not, and each must be confirmed again in order). Optional cells before
/// it may still be filled; a cell after it is out of order.
struct EntryPlan: Sendable {
    /// One input cell and what the entry screen shows for it.
    struct Step: Sendable {
        let cell: EntryCell
        /// Index of the data item in the procedure's items.
        let itemIndex: Int
        let title: String
        let pointLabel: String
        let kind: String
        let unit: String
        let required: Bool
    }

    /// The kinds a tester enters.
    static let inputKinds: Set<String> = ["text", "number", "date", "choice", "photo", "table"]

    let steps: [Step]
    private let positions: [EntryCell: Int]

    init(items: [Metrology_Flows_V1_DataItem]) {
        var steps: [Step] = []
        for (index, item) in items.enumerated() where Self.inputKinds.contains(item.kind) {
            if item.kind == "table" {
                let points = max(item.points, 1)
                let runs = max(item.runs, 1)
                for point in 1...points {
                    let label = Int(point - 1) < item.pointLabels.count ? item.pointLabels[Int(point - 1)] : ""
                    for run in 1...runs {
                        steps.append(
                            Step(
                                cell: EntryCell(item.code, point: point, run: run), itemIndex: index, title: item.title, pointLabel: label,
                                kind: item.kind, unit: item.unit, required: item.required))
                    }
                }
            } else {
                steps.append(
                    Step(
                        cell: EntryCell(item.code), itemIndex: index, title: item.title, pointLabel: "", kind: item.kind, unit: item.unit,
                        required: item.required))
            }
        }
        self.steps = steps
        self.positions = Dictionary(steps.enumerated().map { ($0.element.cell, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The cell's place in the order, nil when it is not an input cell of this procedure.
    func position(of cell: EntryCell) -> Int? { positions[cell] }

    /// Where entry stands: the position of the next step, or `steps.count` when every required cell has a value and
    /// none is re-opened.
    /// - Parameters:
    ///   - filled: the cells that hold a value (re-opened ones included).
    ///   - reopened: the cells whose value was re-opened by going back.
    func frontier(filled: Set<EntryCell>, reopened: Set<EntryCell> = []) -> Int {
        for (position, step) in steps.enumerated() {
            if reopened.contains(step.cell) { return position }
            if step.required && !filled.contains(step.cell) { return position }
        }
        return steps.count
    }

    /// The step the procedure expects next; `complete` (with no cell) when the record can be submitted.
    func nextStep(filled: Set<EntryCell>, reopened: Set<EntryCell> = []) -> Metrology_Records_V1_EntryStep {
        step(at: frontier(filled: filled, reopened: reopened))
    }

    /// The contract's EntryStep for a frontier position.
    func step(at position: Int) -> Metrology_Records_V1_EntryStep {
        var next = Metrology_Records_V1_EntryStep()
        guard position < steps.count else {
            next.complete = true
            return next
        }
        let step = steps[position]
        next.cell = step.cell.message
        next.title = step.title
        next.pointLabel = step.pointLabel
        next.kind = step.kind
        next.unit = step.unit
        return next
    }
}
