import Auth
import Contracts
import Foundation
import Logging
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Data entry in the procedure's order (§4.3.5.7, §4.3.9.4, §4.1.2.4 b): EnterValue, EnterOfflineBatch.
///
/// Each write first fetches the task's pinned procedure (ProcedureCache: a call to flows, so before the
/// transaction, in `prepare`), then in one transaction locks the task, loads its values and stored computed values
/// in one query, checks and applies in memory, writes the change in one statement, the computed values that
/// differ in another, and its audit entry: the same few statements per value whatever the record's size. An offline
/// batch checks its values one by one in memory and writes them all in the same one statement (EntryBatchWrite).
struct EntryHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {
        router.write(RecordsMethods.enterValue, access: .permission(.recordsEnter), prepare: pinned { $0.taskID }, enterValue)
        router.write(RecordsMethods.enterOfflineBatch, access: .permission(.recordsEnter), prepare: pinned { $0.taskID }, enterOfflineBatch)
    }

    /// The write's prepare step: the task's pinned procedure version, read without a lock (a task's item, type and
    /// version never change) and fetched from flows through the cache.
    func pinned<Request>(_ taskID: @escaping @Sendable (Request) -> String) -> @Sendable (Request, CallContext) async throws -> PinnedProcedure {
        { [database] request, context in
            let id = try RecordsErrors.taskID(taskID(request))
            guard let task = try await database.withConnection({ try await TaskStore.row(id, on: $0, logger: context.logger) }) else {
                throw RecordsErrors.taskNotFound
            }
            return try await ProcedureCache.shared.procedure(
                itemID: task.itemID, typeCode: task.typeCode, version: task.procedureVersion, context: context)
        }
    }

    func enterValue(
        _ request: Metrology_Records_V1_EnterValueRequest, _ procedure: PinnedProcedure, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_EntryResult {
        let id = try RecordsErrors.taskID(request.taskID)
        var entry = try await EntrySession.open(id, procedure: procedure, context: context, on: connection)
        if request.baseRevision != 0 && request.baseRevision != entry.task.revision {
            throw RecordsErrors.revisionConflict(base: request.baseRevision, current: entry.task.revision)
        }
        let capturedAt = request.hasCapturedAt ? request.capturedAt.date : Date()
        let applied = try entry.check(EntryCell(request.cell), value: request.value, reason: request.reason)
        if let applied { try await entry.write([.init(applied: applied, capturedAt: capturedAt)], on: connection) }
        let computed = try await entry.finish(on: connection)

        var result = Metrology_Records_V1_EntryResult()
        result.taskID = request.taskID
        result.revision = entry.revision
        result.nextStep = entry.sheet.nextStep(procedure.plan)
        result.computed = computed.computed
        result.conclusion = computed.conclusion
        if let applied {
            result.value = entry.recordValue(applied, capturedAt: capturedAt)
            result.reopened = applied.change.reopens.map(\.message)
        } else {
            result.value = entry.recordValue(EntryCell(request.cell))
        }
        return result
    }

    func enterOfflineBatch(
        _ request: Metrology_Records_V1_EnterOfflineBatchRequest, _ procedure: PinnedProcedure, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_OfflineBatchResult {
        let id = try RecordsErrors.taskID(request.taskID)
        guard request.values.count <= Self.maxBatch else {
            throw RPCError.invalidArgument(
                "一次最多提交 \(Self.maxBatch) 个离线数据", reason: "RECORDS_OFFLINE_BATCH_TOO_LARGE", details: ["field": "values"])
        }
        for (index, value) in request.values.enumerated() where value.clientID.isEmpty || value.clientID.count > 100 {
            throw RPCError.invalidArgument(
                "第 \(index + 1) 个离线数据缺少客户端编号（1–100 个字符）", reason: "RECORDS_OFFLINE_CLIENT_ID_INVALID",
                details: ["field": "values[\(index)].clientId"])
        }
        var entry = try await EntrySession.open(id, procedure: procedure, context: context, on: connection, requireEntryState: false)
        let stored = try await EntryStore.offlineOutcomes(
            request.values.map(\.clientID), task: id, on: connection, logger: context.logger)
        var outcomes: [Metrology_Records_V1_OfflineOutcome] = []
        var recorded: [Metrology_Records_V1_OfflineOutcome] = []
        var seen: Set<String> = []
        // Cells this batch wrote: a later capture of the same cell in the batch corrects it, no conflict.
        var written: Set<EntryCell> = []
        // Checked and applied in memory one by one, written together after the last.
        var staged: [EntryBatchWrite.Staged] = []
        for value in request.values {
            if var earlier = stored[value.clientID] {
                if earlier.outcome == "accepted" { earlier.outcome = "already_applied" }
                outcomes.append(earlier)
                continue
            }
            guard seen.insert(value.clientID).inserted else {
                // The same client id twice in one batch: the first is what was captured.
                var repeated = outcomes.first { $0.clientID == value.clientID } ?? Metrology_Records_V1_OfflineOutcome()
                if repeated.outcome == "accepted" { repeated.outcome = "already_applied" }
                outcomes.append(repeated)
                continue
            }
            var outcome = Metrology_Records_V1_OfflineOutcome()
            outcome.clientID = value.clientID
            let cell = EntryCell(value.cell)
            do {
                try entry.requireEntryState()
                if let last = entry.sheet.values[cell], value.baseRevision < last.revision, !written.contains(cell) {
                    throw RecordsErrors.offlineConflict(cell, base: value.baseRevision, cellRevision: last.revision)
                }
                if let applied = try entry.check(cell, value: value.value, reason: value.reason) {
                    staged.append(.init(applied: applied, capturedAt: value.hasCapturedAt ? value.capturedAt.date : Date()))
                    written.insert(cell)
                    // What this batch re-opened it may confirm again: its own change moved those cells' revision.
                    written.formUnion(applied.change.reopens)
                }
                outcome.outcome = "accepted"
            } catch let error as RPCError where error.code != .internal {
                outcome.outcome = error.code == .aborted || error.reason == "RECORDS_TASK_STATE" ? "conflict" : "invalid"
                outcome.reason = error.reason
                outcome.message = error.message
            }
            outcome.revision = entry.revision
            outcomes.append(outcome)
            recorded.append(outcome)
        }
        try await entry.write(staged, on: connection)
        try await EntryStore.recordOffline(recorded, task: id, on: connection, logger: context.logger)
        let computed = try await entry.finish(on: connection, batch: recorded)

        var result = Metrology_Records_V1_OfflineBatchResult()
        result.taskID = request.taskID
        result.outcomes = outcomes
        result.revision = entry.revision
        result.nextStep = entry.sheet.nextStep(procedure.plan)
        result.computed = computed.computed
        result.conclusion = computed.conclusion
        return result
    }

    /// A whole record is at most a few hundred cells; a batch larger than this is not a capture.
    static let maxBatch = 1_000
}
