import Contracts
import Foundation
import Logging
import PostgresNIO

/// The entry tables: task_values and task_computed read, task_computed and offline_captures written (values, their
/// history and tasks.revision are written by `EntryBatchWrite`). Every method runs inside the caller's transaction,
/// after the task row is locked (`TaskStore.lock`).
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
