import Contracts
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf

/// What submission and review write: task_signatures, the task's state columns, the instrument's verification dates
/// on a pass and the commission's completion. Everything runs inside the caller's transaction, after the task row
/// was locked (`TaskStore.lock`).
enum SubmissionStore {
    /// Whether a receipt was already bound to a record (any task, any round): a receipt signs once.
    static func receiptUsed(_ receiptID: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT 1 FROM task_signatures WHERE receipt_id = \(receiptID)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// The instrument as the commission line recorded it when the commission was taken: the record states what was
    /// verified, whatever the ledger says later (a ledger edit must not change a signed record's content).
    static func lineInstrument(
        line: UUID, into instrument: inout Metrology_Records_V1_Instrument, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            "SELECT instrument_name, instrument_model, instrument_serial_number FROM commission_lines WHERE id = \(line)", logger: logger)
        for try await (name, model, serial) in rows.decode((String, String, String).self) {
            instrument.name = name
            instrument.model = model
            instrument.serialNumber = serial
        }
    }

    static func insertSignature(
        task: UUID, receipt: Metrology_Identity_V1_SignatureReceipt, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let signedAt = receipt.hasSignedAt ? receipt.signedAt.date : Date()
        try await connection.query(
            """
            INSERT INTO task_signatures (task_id, meaning, signer_id, signer_name, receipt_id, receipt, digest, signed_at, device_id, method,
                                         handwriting_sha256)
            VALUES (\(task), \(receipt.meaning), \(receipt.signerID), \(receipt.printedName), \(receipt.receiptID), \(receipt.receipt),
                    \(receipt.digest), \(signedAt), \(receipt.deviceID), \(receipt.method), \(receipt.handwritingSha256))
            """, logger: logger)
    }

    /// 检定 signed: the record is frozen (entry refuses a submitted task) until a reviewer returns it.
    static func markSubmitted(_ task: UUID, digest: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE tasks SET state = 'submitted', submitted_digest = \(digest), submitted_at = now(), reviewer_id = '', reviewer_name = '',
                             reviewed_at = NULL, updated_at = now()
            WHERE id = \(task)
            """, logger: logger)
    }

    /// 核验 passed: the task goes on to approval.
    static func markReviewed(_ task: UUID, reviewer: String, name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE tasks SET state = 'reviewed', reviewer_id = \(reviewer), reviewer_name = \(name), reviewed_at = now(), updated_at = now()
            WHERE id = \(task)
            """, logger: logger)
    }

    /// Returned to the tester: the round's signatures stay (kept, never deleted) but no longer count; the next
    /// submission is a new round signed again.
    static func markReturned(_ task: UUID, reason: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE tasks SET state = 'returned', return_reason = \(reason), updated_at = now() WHERE id = \(task)", logger: logger)
        try await connection.query(
            "UPDATE task_signatures SET superseded = true WHERE task_id = \(task) AND NOT superseded", logger: logger)
    }

    /// The ledger learns the result (seed 002, result registration): verified on the test date, next due one cycle
    /// later (PostgreSQL's month arithmetic: 2026-01-31 + 1 month is 2026-02-28).
    static func recordVerification(instrument: UUID, testDate: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE instruments SET last_verified_on = \(testDate)::date,
                                   next_due_on = (\(testDate)::date + make_interval(months => cycle_months))::date, updated_at = now()
            WHERE id = \(instrument)
            """, logger: logger)
    }

    /// The commission is done once every one of its tasks passed review; true when this call finished it.
    static func finishCommissionIfDone(_ commission: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE commissions SET state = 'done'
            WHERE id = \(commission) AND state <> 'done'
              AND NOT EXISTS (SELECT 1 FROM tasks WHERE commission_id = \(commission) AND state <> 'reviewed')
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
