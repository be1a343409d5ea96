import Contracts
import Foundation
import Logging
import PostgresNIO

/// The entry tables: task_values, value_history, task_computed, offline_captures and tasks.revision. Every method
/// runs inside the caller's transaction, after the task row is locked (`TaskStore.lock`).
enum EntryStore {
    /// The task's values and its stored computed values, in one round trip.
    static func load(
        _ task: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws -> (sheet: EntrySheet, computed: [Metrology_Records_V1_ComputedValue]) {
        let rows = try await connection.query(
            """
            SELECT true AS entered, item_code, point, run, value, unit, reopened, revision, '' AS kind, '' AS type
              FROM task_values WHERE task_id = \(task)
            UNION ALL
            SELECT false, item_code, point, run, value, unit, false, 0, kind, type FROM task_computed WHERE task_id = \(task)
            """, logger: logger)
        var sheet = EntrySheet()
        var computed: [Metrology_Records_V1_ComputedValue] = []
        for try await (entered, code, point, run, value, unit, reopened, revision, kind, type) in rows.decode(
            (Bool, String, Int32, Int32, String, String, Bool, Int32, String, String).self)
        {
            let cell = EntryCell(code, point: point, run: run)
            if entered {
                sheet.values[cell] = EntrySheet.Value(value: value, unit: unit, reopened: reopened, revision: revision)
            } else {
                var item = Metrology_Records_V1_ComputedValue()
                item.cell = cell.message
                item.kind = kind
                item.value = value
                item.unit = unit
                item.type = type
                computed.append(item)
            }
        }
        return (sheet, computed)
    }

    /// Who wrote a value, from where, when it was captured and why it changed.
    struct Author: Sendable {
        let userID: String
        let name: String
        let deviceID: String
    }

    /// One accepted change in one statement: the cell's new value, the later values it re-opened, its history row
    /// (only when the value changed) and the task's new revision. A re-opened cell takes the new revision too: an
    /// offline value captured against its earlier state is a conflict, not a confirmation of it.
    static func write(
        _ change: EntrySheet.Change, value: String, unit: String, capturedAt: Date, reason: String, revision: Int32, by author: Author,
        task: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let reopenCodes = change.reopens.map(\.itemCode)
        let reopenPoints = change.reopens.map(\.point)
        let reopenRuns = change.reopens.map(\.run)
        let history = change.changesValue
        try await connection.query(
            """
            WITH v AS (
                INSERT INTO task_values (task_id, item_code, point, run, value, unit, captured_at, entered_by, entered_by_name, device_id, reopened, revision)
                VALUES (\(task), \(change.cell.itemCode), \(change.cell.point), \(change.cell.run), \(value), \(unit), \(capturedAt), \(author.userID),
                        \(author.name), \(author.deviceID), false, \(revision))
                ON CONFLICT (task_id, item_code, point, run) DO UPDATE SET value = EXCLUDED.value, unit = EXCLUDED.unit,
                    captured_at = EXCLUDED.captured_at, entered_by = EXCLUDED.entered_by, entered_by_name = EXCLUDED.entered_by_name,
                    device_id = EXCLUDED.device_id, reopened = false, revision = EXCLUDED.revision
            ), r AS (
                UPDATE task_values SET reopened = true, revision = \(revision)
                 WHERE task_id = \(task)
                   AND (item_code, point, run) IN (SELECT * FROM unnest(\(reopenCodes)::text[], \(reopenPoints)::int4[], \(reopenRuns)::int4[]))
            ), h AS (
                INSERT INTO value_history (task_id, item_code, point, run, old_value, new_value, changed_by, changed_by_name, reason, device_id, revision)
                SELECT \(task), \(change.cell.itemCode), \(change.cell.point), \(change.cell.run), \(change.oldValue), \(value), \(author.userID),
                       \(author.name), \(reason), \(author.deviceID), \(revision)
                 WHERE \(history)
            )
            UPDATE tasks SET revision = \(revision), updated_at = now() WHERE id = \(task)
            """, logger: logger)
    }

    /// Brings task_computed to `computed`, writing only the rows that differ from `stored`.
    static func rewriteComputed(
        _ computed: [Metrology_Records_V1_ComputedValue], stored: [Metrology_Records_V1_ComputedValue], task: UUID,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let storedByCell = Dictionary(stored.map { (EntryCell($0.cell), $0) }, uniquingKeysWith: { first, _ in first })
        let changed = computed.filter { storedByCell[EntryCell($0.cell)] != $0 }
        let kept = Set(computed.map { EntryCell($0.cell) })
        let gone = stored.map { EntryCell($0.cell) }.filter { !kept.contains($0) }
        guard !changed.isEmpty || !gone.isEmpty else { return }
        try await connection.query(
            """
            WITH d AS (
                DELETE FROM task_computed
                 WHERE task_id = \(task)
                   AND (item_code, point, run) IN (SELECT * FROM unnest(\(gone.map(\.itemCode))::text[], \(gone.map(\.point))::int4[], \(gone.map(\.run))::int4[]))
            )
            INSERT INTO task_computed (task_id, item_code, point, run, kind, value, unit, type)
            SELECT \(task), * FROM unnest(\(changed.map(\.cell.itemCode))::text[], \(changed.map(\.cell.point))::int4[], \(changed.map(\.cell.run))::int4[],
                   \(changed.map(\.kind))::text[], \(changed.map(\.value))::text[], \(changed.map(\.unit))::text[], \(changed.map(\.type))::text[])
            ON CONFLICT (task_id, item_code, point, run) DO UPDATE SET kind = EXCLUDED.kind, value = EXCLUDED.value, unit = EXCLUDED.unit,
                type = EXCLUDED.type
            """, logger: logger)
    }

    // MARK: Offline captures

    /// The outcomes already stored for these client ids.
    static func offlineOutcomes(
        _ clientIDs: [String], task: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: Metrology_Records_V1_OfflineOutcome] {
        guard !clientIDs.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT client_id, outcome, reason, message, revision FROM offline_captures WHERE task_id = \(task) AND client_id = ANY(\(clientIDs)::text[])",
            logger: logger)
        var outcomes: [String: Metrology_Records_V1_OfflineOutcome] = [:]
        for try await (clientID, outcome, reason, message, revision) in rows.decode((String, String, String, String, Int32).self) {
            var stored = Metrology_Records_V1_OfflineOutcome()
            stored.clientID = clientID
            stored.outcome = outcome
            stored.reason = reason
            stored.message = message
            stored.revision = revision
            outcomes[clientID] = stored
        }
        return outcomes
    }

    static func recordOffline(
        _ outcomes: [Metrology_Records_V1_OfflineOutcome], task: UUID, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        guard !outcomes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO offline_captures (task_id, client_id, outcome, reason, message, revision)
            SELECT \(task), * FROM unnest(\(outcomes.map(\.clientID))::text[], \(outcomes.map(\.outcome))::text[], \(outcomes.map(\.reason))::text[],
                   \(outcomes.map(\.message))::text[], \(outcomes.map(\.revision))::int4[])
            ON CONFLICT (task_id, client_id) DO NOTHING
            """, logger: logger)
    }
}
