import Contracts
import RPCCore

/// The refusals of data entry. Each names the cell it concerns in `details` (itemCode, point, run) so a client can
/// put the message next to the right field.
extension RecordsErrors {
    static func cellDetails(_ cell: EntryCell, _ extra: [String: String] = [:]) -> [String: String] {
        var details = ["field": "value", "itemCode": cell.itemCode, "point": "\(cell.point)", "run": "\(cell.run)"]
        details.merge(extra) { _, new in new }
        return details
    }

    /// INVALID_ARGUMENT for a value the data item does not accept.
    static func value(_ cell: EntryCell, _ message: String, _ reason: String, _ extra: [String: String] = [:]) -> RPCError {
        RPCError(code: .invalidArgument, message: message, reason: reason, details: cellDetails(cell, extra))
    }

    /// INVALID_ARGUMENT RECORDS_CELL_UNKNOWN: not an input cell of the task's procedure.
    static func cellUnknown(_ cell: EntryCell, _ message: String) -> RPCError {
        value(cell, message, "RECORDS_CELL_UNKNOWN")
    }

    /// FAILED_PRECONDITION RECORDS_STEP_OUT_OF_ORDER naming the step the procedure expects next.
    static func outOfOrder(_ cell: EntryCell, expected step: EntryPlan.Step) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "请按检测流程的顺序录入：下一步应录入\(step.name)",
            reason: "RECORDS_STEP_OUT_OF_ORDER",
            details: cellDetails(
                cell,
                [
                    "expectedItemCode": step.cell.itemCode, "expectedTitle": step.title, "expectedPoint": "\(step.cell.point)",
                    "expectedRun": "\(step.cell.run)", "expectedPointLabel": step.pointLabel,
                ]))
    }

    /// ABORTED RECORDS_REVISION_CONFLICT: the task changed since the revision the client saw.
    static func revisionConflict(base: Int32, current: Int32) -> RPCError {
        RPCError(
            code: .aborted, message: "记录已被修改（当前版本 \(current)，您看到的是版本 \(base)），请刷新后重试", reason: "RECORDS_REVISION_CONFLICT",
            details: ["baseRevision": "\(base)", "revision": "\(current)"])
    }

    /// FAILED_PRECONDITION RECORDS_CHANGE_REASON_REQUIRED: a value of a returned record changes without a reason.
    static func changeReasonRequired(_ cell: EntryCell, title: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "记录已被退回，修改“\(title)”的数据须填写修改原因", reason: "RECORDS_CHANGE_REASON_REQUIRED",
            details: cellDetails(cell, ["field": "reason"]))
    }

    /// ABORTED RECORDS_OFFLINE_CONFLICT: an offline value captured before the cell's last change.
    static func offlineConflict(_ cell: EntryCell, base: Int32, cellRevision: Int32) -> RPCError {
        RPCError(
            code: .aborted, message: "离线录入的“\(cell)”基于版本 \(base)，此后该数据已在版本 \(cellRevision) 被修改，未采用",
            reason: "RECORDS_OFFLINE_CONFLICT", details: cellDetails(cell, ["baseRevision": "\(base)", "revision": "\(cellRevision)"]))
    }
}

extension EntryPlan.Step {
    /// How a message names this step: “加油机示值”（Vd）第 2 点（大流量）第 1 次.
    var name: String { Self.name(cell, title: title, pointLabel: pointLabel) }

    static func name(of cell: EntryCell, item: Metrology_Flows_V1_DataItem) -> String {
        let point = Int(cell.point) - 1
        return name(cell, title: item.title, pointLabel: point >= 0 && point < item.pointLabels.count ? item.pointLabels[point] : "")
    }

    static func name(_ cell: EntryCell, title: String, pointLabel: String) -> String {
        var text = "“\(title.isEmpty ? cell.itemCode : title)”（\(cell.itemCode)）"
        if cell.point > 0 {
            text += "第 \(cell.point) 点"
            if !pointLabel.isEmpty { text += "（\(pointLabel)）" }
            text += "第 \(cell.run) 次"
        }
        return text
    }
}
