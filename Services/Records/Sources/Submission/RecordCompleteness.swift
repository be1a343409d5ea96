import Contracts
import RPCCore

/// A record is submitted only when entry is finished (§4.3.9.4 "直到操作全部完成"): every required input cell has a
/// value and no value re-opened by going back waits to be confirmed again. The procedure's own plan decides, so
/// submission and entry cannot disagree on what "complete" means.
enum RecordCompleteness {
    /// The step the plan expects next for these values (`complete` when there is none).
    static func nextStep(of task: Metrology_Records_V1_Task, plan: EntryPlan) -> Metrology_Records_V1_EntryStep {
        let filled = Set(task.values.map { EntryCell($0.cell) })
        let reopened = Set(task.values.filter(\.reopened).map { EntryCell($0.cell) })
        return plan.nextStep(filled: filled, reopened: reopened)
    }

    /// RECORDS_RECORD_INCOMPLETE naming the next step, unless the record is complete.
    static func require(_ task: Metrology_Records_V1_Task, plan: EntryPlan) throws(RPCError) {
        let step = nextStep(of: task, plan: plan)
        guard step.complete else { throw SubmissionErrors.incomplete(step) }
    }
}
