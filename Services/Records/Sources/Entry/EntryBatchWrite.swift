import Foundation
import Logging
import PostgresNIO

/// An offline batch's accepted changes written in one statement. The batch checks and applies its values one by one
/// in memory (the order rule, conflicts and re-opening need each value's predecessors); what reaches the database is
/// the net result: each written cell's final state with its last capture, the cells only re-opened, one history row
/// per changed value in entry order, and the task's revision. Equal to writing the changes one at a time, in one
/// round trip and one plan instead of thirty. EnterValue writes its one change the same way.
///
/// A re-opened cell takes the revision of the change that re-opened it: an offline value captured against its earlier
/// state is a conflict, not a confirmation of it.
struct EntryBatchWrite {
    /// A change the batch accepted, with when its value was captured.
    struct Staged: Sendable {
        let applied: EntrySession.Applied
        let capturedAt: Date
    }

    let staged: [Staged]
    /// The sheet after every staged change: the final value, unit, re-opened flag and revision of each cell.
    let sheet: EntrySheet
    let revision: Int32

    /// Cells a staged change wrote, each with its last capture, in the order first written.
    var written: [(cell: EntryCell, capturedAt: Date)] {
        var last: [EntryCell: Date] = [:]
        var order: [EntryCell] = []
        for write in staged {
            let cell = write.applied.change.cell
            if last.updateValue(write.capturedAt, forKey: cell) == nil { order.append(cell) }
        }
        return order.compactMap { cell in last[cell].map { (cell, $0) } }
    }

    /// Cells re-opened by a staged change and not written by any (a written cell's row carries its final flag).
    var reopenedOnly: [EntryCell] {
        let writtenCells = Set(staged.map(\.applied.change.cell))
        var seen: Set<EntryCell> = []
        return staged.flatMap(\.applied.change.reopens).filter { !writtenCells.contains($0) && seen.insert($0).inserted }
    }

    /// The history rows: every staged change that changed a value (a confirmation changes none).
    var history: [EntrySession.Applied] { staged.map(\.applied).filter(\.change.changesValue) }

    func write(by author: EntryStore.Author, task: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        guard !staged.isEmpty else { return }
        // A written cell is always on the sheet (a change never removes one).
        let rows = written.compactMap { write in sheet.values[write.cell].map { (cell: write.cell, capturedAt: write.capturedAt, value: $0) } }
        let reopened = reopenedOnly.map { (cell: $0, revision: sheet.values[$0]?.revision ?? revision) }
        let changes = history
        try await connection.query(
            """
            WITH v AS (
                INSERT INTO task_values (task_id, item_code, point, run, value, unit, captured_at, entered_by, entered_by_name, device_id, reopened, revision)
                SELECT \(task), w.code, w.point, w.run, w.value, w.unit, w.captured_at, \(author.userID), \(author.name), \(author.deviceID), w.reopened, w.revision
                  FROM unnest(\(rows.map(\.cell.itemCode))::text[], \(rows.map(\.cell.point))::int4[], \(rows.map(\.cell.run))::int4[],
                              \(rows.map(\.value.value))::text[], \(rows.map(\.value.unit))::text[], \(rows.map(\.capturedAt))::timestamptz[],
                              \(rows.map(\.value.reopened))::bool[], \(rows.map(\.value.revision))::int4[])
                       AS w (code, point, run, value, unit, captured_at, reopened, revision)
                ON CONFLICT (task_id, item_code, point, run) DO UPDATE SET value = EXCLUDED.value, unit = EXCLUDED.unit,
                    captured_at = EXCLUDED.captured_at, entered_by = EXCLUDED.entered_by, entered_by_name = EXCLUDED.entered_by_name,
                    device_id = EXCLUDED.device_id, reopened = EXCLUDED.reopened, revision = EXCLUDED.revision
            ), r AS (
                UPDATE task_values t SET reopened = true, revision = o.revision
                  FROM unnest(\(reopened.map(\.cell.itemCode))::text[], \(reopened.map(\.cell.point))::int4[], \(reopened.map(\.cell.run))::int4[],
                              \(reopened.map(\.revision))::int4[]) AS o (code, point, run, revision)
                 WHERE t.task_id = \(task) AND t.item_code = o.code AND t.point = o.point AND t.run = o.run
            ), h AS (
                INSERT INTO value_history (task_id, item_code, point, run, old_value, new_value, changed_by, changed_by_name, reason, device_id, revision)
                SELECT \(task), c.code, c.point, c.run, c.old_value, c.new_value, \(author.userID), \(author.name), c.reason, \(author.deviceID), c.revision
                  FROM unnest(\(changes.map(\.change.cell.itemCode))::text[], \(changes.map(\.change.cell.point))::int4[],
                              \(changes.map(\.change.cell.run))::int4[], \(changes.map(\.change.oldValue))::text[],
                              \(changes.map(\.accepted.value))::text[], \(changes.map(\.reason))::text[], \(changes.map(\.revision))::int4[])
                       WITH ORDINALITY AS c (code, point, run, old_value, new_value, reason, revision, position)
                 ORDER BY c.position
            )
            UPDATE tasks SET revision = \(revision), updated_at = now() WHERE id = \(task)
            """, logger: logger)
    }
}
