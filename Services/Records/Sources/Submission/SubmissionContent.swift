import Contracts
import Foundation
import Logging
import PostgresNIO

/// The task as its canonical content is made from: `TaskReader`'s detail, with the instrument as the commission line
/// recorded it (see `SubmissionStore.lineInstrument`). Read the same way before signing (Prepare…) and inside the
/// write after the row is locked, so the digest a receipt names can be recomputed from the locked rows.
struct SubmissionContent: Sendable {
    let row: TaskRow
    let task: Metrology_Records_V1_Task

    var canonical: (bytes: Data, digest: String) { CanonicalRecord.bytesAndDigest(of: task) }
    var resource: String { CanonicalRecord.resource(ofTask: row.idString) }

    /// `row` is the caller's (locked, inside a write), or nil to read it unlocked.
    static func load(
        _ id: UUID, row locked: TaskRow? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> SubmissionContent? {
        var row = locked
        if row == nil { row = try await TaskStore.row(id, on: connection, logger: logger) }
        guard let row, var task = try await TaskReader.task(id, detail: true, on: connection, logger: logger)
        else { return nil }
        try await SubmissionStore.lineInstrument(line: row.lineID, into: &task.instrument, on: connection, logger: logger)
        return SubmissionContent(row: row, task: task)
    }
}
