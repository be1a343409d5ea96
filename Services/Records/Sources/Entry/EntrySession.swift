import Auth
import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// One entry write on one task, inside its transaction: the locked task, its values in memory, and the changes
/// applied to them in order (EnterValue applies one, EnterOfflineBatch several).
struct EntrySession {
    let task: TaskRow
    let procedure: PinnedProcedure
    let context: CallContext
    let author: EntryStore.Author
    private(set) var sheet: EntrySheet
    /// The computed values as stored before this write.
    let storedComputed: [Metrology_Records_V1_ComputedValue]
    private(set) var revision: Int32
    /// What this write changed, for its audit entry.
    private(set) var changes: [Applied] = []

    /// A checked change, applied in memory and waiting to be written.
    struct Applied: Sendable {
        let change: EntrySheet.Change
        let item: Metrology_Flows_V1_DataItem
        let accepted: EntryValidation.Accepted
        let reason: String
        let revision: Int32
    }

    /// Locks the task and loads its values. Only the task's tester enters values (records.enter was checked by the
    /// router); with `requireEntryState`, only while it is in progress or returned to them.
    static func open(
        _ id: UUID, procedure: PinnedProcedure, context: CallContext, on connection: PostgresConnection, requireEntryState: Bool = true
    ) async throws -> EntrySession {
        let caller = try context.caller()
        guard let task = try await TaskStore.lock(id, on: connection, logger: context.logger) else { throw RecordsErrors.taskNotFound }
        guard task.testerID == caller.userID else { throw RecordsErrors.taskNotYours(testerName: task.testerName) }
        // Values come from a phone, as the start did (any of the tester's enabled phones: one may change hands mid-task,
        // and each value records the device it came from); a console session enters nothing.
        if (caller.deviceID ?? "").isEmpty { throw RecordsErrors.deviceRequired }
        let loaded = try await EntryStore.load(id, on: connection, logger: context.logger)
        let session = EntrySession(
            task: task, procedure: procedure, context: context,
            author: EntryStore.Author(userID: caller.userID, name: caller.displayName, deviceID: context.rpc.deviceID ?? ""), sheet: loaded.sheet,
            storedComputed: loaded.computed, revision: task.revision)
        if requireEntryState { try session.requireEntryState() }
        return session
    }

    /// RECORDS_TASK_STATE unless the task is in progress or returned.
    func requireEntryState() throws(RPCError) {
        guard task.state == "in_progress" || task.state == "returned" else { throw RecordsErrors.taskState(task.state, action: "录入数据") }
    }

    /// Checks a value for a cell — the cell, the value, the order, a reason after a return — and applies it in
    /// memory. Nil when it changes nothing (the same value again on a cell that was not re-opened).
    mutating func check(_ cell: EntryCell, value raw: String, reason rawReason: String) throws(RPCError) -> Applied? {
        let (item, position) = try procedure.input(cell)
        let accepted = try EntryValidation.check(raw, item: item, cell: cell)
        try sheet.checkOrder(cell, position: position, plan: procedure.plan)
        let reason = try FieldText(field: "reason", title: "修改原因", maxLength: 200, reasonPrefix: "RECORDS_REASON").check(rawReason)
        var next = sheet
        let change = next.apply(cell, position: position, value: accepted.value, unit: accepted.unit, revision: revision + 1, plan: procedure.plan)
        guard !change.isNoOp else { return nil }
        // After a return every change of a value says why (the history shows it with the record).
        if task.state == "returned" && change.hadValue && change.changesValue && reason.isEmpty {
            throw RecordsErrors.changeReasonRequired(cell, title: item.title.isEmpty ? item.code : item.title)
        }
        sheet = next
        revision += 1
        let applied = Applied(change: change, item: item, accepted: accepted, reason: reason, revision: revision)
        changes.append(applied)
        return applied
    }

    /// Writes checked changes in one statement, as if one at a time in the order applied (one for EnterValue, an offline
    /// batch's accepted ones).
    func write(_ staged: [EntryBatchWrite.Staged], on connection: PostgresConnection) async throws {
        try await EntryBatchWrite(staged: staged, sheet: sheet, revision: revision).write(
            by: author, task: task.id, on: connection, logger: context.logger)
    }

    /// Recomputes the record over its current values, writes the computed values that changed and the audit entry.
    func finish(on connection: PostgresConnection, batch: [Metrology_Records_V1_OfflineOutcome]? = nil) async throws -> EntryComputation.Result {
        let computed = EntryComputation.evaluate(procedure, sheet: sheet)
        try await EntryStore.rewriteComputed(computed.computed, stored: storedComputed, task: task.id, on: connection, logger: context.logger)
        var details = ["revision": "\(revision)", "rawRecordNumber": task.rawRecordNumber]
        if !computed.conclusion.isEmpty { details["conclusion"] = computed.conclusion }
        let summary: String
        if let batch {
            let counts = Dictionary(grouping: batch, by: \.outcome).mapValues(\.count)
            details["outcomes"] = counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            summary = "离线录入原始记录 \(task.rawRecordNumber)：\(batch.count) 个数据，采用 \(counts["accepted"] ?? 0) 个"
        } else if let applied = changes.first {
            details["cell"] = applied.change.cell.description
            details["old"] = applied.change.oldValue
            details["new"] = applied.accepted.value
            if !applied.reason.isEmpty { details["reason"] = applied.reason }
            if !applied.change.reopens.isEmpty { details["reopened"] = applied.change.reopens.map(\.description).joined(separator: ",") }
            let what = applied.change.confirms ? "确认" : (applied.change.hadValue ? "修改" : "录入")
            summary =
                "\(what)原始记录 \(task.rawRecordNumber) 的\(EntryPlan.Step.name(of: applied.change.cell, item: applied.item))：\(applied.accepted.value)"
        } else {
            // The same value again on a cell that was not re-opened: nothing changed, nothing to record.
            return computed
        }
        try await context.audit(
            batch == nil ? "records.value_entered" : "records.offline_batch_entered", entityType: "task", entityID: task.idString,
            summary: summary, details: details, on: connection)
        return computed
    }

    /// The contract's RecordValue of a cell as it now stands.
    func recordValue(_ applied: Applied, capturedAt: Date) -> Metrology_Records_V1_RecordValue {
        var value = recordValue(applied.change.cell)
        value.capturedAt = Google_Protobuf_Timestamp(date: capturedAt)
        value.enteredBy = author.userID
        value.enteredByName = author.name
        value.deviceID = author.deviceID
        return value
    }

    func recordValue(_ cell: EntryCell) -> Metrology_Records_V1_RecordValue {
        var value = Metrology_Records_V1_RecordValue()
        value.cell = cell.message
        if let stored = sheet.values[cell] {
            value.value = stored.value
            value.unit = stored.unit
            value.reopened = stored.reopened
        }
        return value
    }
}
