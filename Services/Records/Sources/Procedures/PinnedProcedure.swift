import Contracts
import FormulaEngine
import ProcedureKit
import RPCCore

/// One published procedure version as a task is entered and computed against it: its data items, the standards it
/// needs, its formulas compiled once (exactly as flows publishes them, `ProcedureFormulas`) and its entry order.
/// Versions are immutable, so one value serves every task pinned to it.
struct PinnedProcedure: Sendable {
    let itemID: String
    let typeCode: String
    let version: Int32
    let items: [Metrology_Flows_V1_DataItem]
    let standards: [Metrology_Flows_V1_StandardNeed]
    let formulas: FormulaSet
    let plan: EntryPlan
    /// The items by code.
    let itemsByCode: [String: Metrology_Flows_V1_DataItem]

    /// Compiles a version flows returned; a version whose formulas no longer compile (it could not have been
    /// published so) is FAILED_PRECONDITION RECORDS_PROCEDURE_UNUSABLE rather than a crash.
    init(_ version: Metrology_Flows_V1_ProcedureVersion) throws(RPCError) {
        itemID = version.itemID
        typeCode = version.typeCode
        self.version = version.version
        items = version.items
        standards = version.standards
        do throws(FormulaError) {
            formulas = try ProcedureFormulas.formulaSet(version.items)
        } catch {
            throw RPCError(
                code: .failedPrecondition, message: "检测流程第 \(version.version) 版的公式无法编译：\(error.message)",
                reason: "RECORDS_PROCEDURE_UNUSABLE",
                details: ["itemId": version.itemID, "typeCode": version.typeCode, "version": "\(version.version)"])
        }
        plan = EntryPlan(items: version.items)
        itemsByCode = Dictionary(version.items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
