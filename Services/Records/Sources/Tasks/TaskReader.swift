import Contracts
import Foundation
import Logging
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// Reads tasks as the contract shows them (`Metrology_Records_V1_Task`): the header with the commission number, the
/// customer's name and the instrument, and with `detail` the record itself (values, computed values, conclusion,
/// current signatures, value history). The one task reader of records: entry and submission answer with it too.
///
/// `next_step` needs the pinned procedure (ProcedureCache, a call to flows), which a reader inside a transaction
/// cannot make; handlers fill it after their transaction with `withNextStep(_:context:)`.
enum TaskReader {
    /// The header joins: the commission number, and the instrument (`i`) as it is in the ledger now except for what
    /// identifies it — name, model and serial number as the commission line recorded them (`l`) — which, like the
    /// customer's name snapshotted at acceptance, the signed record states and a later ledger edit must not change;
    /// `created_key` is created_at to the microsecond, a list's paging key.
    static let header = """
        SELECT \(TaskRow.columns), c.number AS commission_number, t.customer_name,
               l.instrument_name AS i_name, l.instrument_model AS i_model, l.instrument_serial_number AS i_serial_number, i.manufacturer AS i_manufacturer,
               to_char(i.manufacture_date, 'YYYY-MM-DD') AS i_manufacture_date, i.accuracy_class AS i_accuracy_class,
               i.measuring_range AS i_measuring_range, i.place_of_use AS i_place_of_use, i.mandatory AS i_mandatory,
               i.mandatory_use AS i_mandatory_use, i.item_id AS i_item_id, i.cycle_months AS i_cycle_months,
               to_char(i.last_verified_on, 'YYYY-MM-DD') AS i_last_verified_on, to_char(i.next_due_on, 'YYYY-MM-DD') AS i_next_due_on,
               i.status AS i_status, i.created_at AS i_created_at, i.updated_at AS i_updated_at,
               to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
        FROM tasks t
        JOIN commissions c ON c.id = t.commission_id
        JOIN commission_lines l ON l.id = t.line_id
        JOIN instruments i ON i.id = t.instrument_id
        """

    /// The task, or nil when there is none.
    static func task(_ id: UUID, detail: Bool, on connection: PostgresConnection, logger: Logger) async throws -> Metrology_Records_V1_Task? {
        let rows = try await connection.query("\(unescaped: header) WHERE t.id = \(id)", logger: logger)
        var found: Metrology_Records_V1_Task?
        for try await row in rows { found = try message(row.makeRandomAccess()) }
        guard var task = found else { return nil }
        if detail { try await addRecord(to: &task, id: id, on: connection, logger: logger) }
        return task
    }

    /// A header row of `header` (plus any other columns) as the contract's Task, without the record.
    static func message(_ r: PostgresRandomAccessRow) throws -> Metrology_Records_V1_Task {
        let row = try TaskRow.row(r)
        var task = row.message
        task.commissionNumber = try r["commission_number"].decode(String.self)
        task.customerName = try r["customer_name"].decode(String.self)
        var instrument = Metrology_Records_V1_Instrument()
        instrument.id = row.instrumentID.uuidString.lowercased()
        instrument.customerID = task.customerID
        instrument.customerName = task.customerName
        instrument.name = try r["i_name"].decode(String.self)
        instrument.model = try r["i_model"].decode(String.self)
        instrument.serialNumber = try r["i_serial_number"].decode(String.self)
        instrument.manufacturer = try r["i_manufacturer"].decode(String.self)
        instrument.manufactureDate = try r["i_manufacture_date"].decode(String?.self) ?? ""
        instrument.accuracyClass = try r["i_accuracy_class"].decode(String.self)
        instrument.measuringRange = try r["i_measuring_range"].decode(String.self)
        instrument.placeOfUse = try r["i_place_of_use"].decode(String.self)
        instrument.mandatory = try r["i_mandatory"].decode(Bool.self)
        instrument.mandatoryUse = try r["i_mandatory_use"].decode(String.self)
        instrument.itemID = try r["i_item_id"].decode(String.self)
        instrument.cycleMonths = try r["i_cycle_months"].decode(Int32.self)
        instrument.lastVerifiedOn = try r["i_last_verified_on"].decode(String?.self) ?? ""
        instrument.nextDueOn = try r["i_next_due_on"].decode(String?.self) ?? ""
        instrument.status = try r["i_status"].decode(String.self)
        instrument.createdAt = Google_Protobuf_Timestamp(date: try r["i_created_at"].decode(Date.self))
        instrument.updatedAt = Google_Protobuf_Timestamp(date: try r["i_updated_at"].decode(Date.self))
        task.instrument = instrument
        return task
    }

    /// Values, computed values and conclusion, the current round's signatures and the whole value history.
    static func addRecord(to task: inout Metrology_Records_V1_Task, id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        let values = try await connection.query(
            """
            SELECT item_code, point, run, value, unit, captured_at, entered_by, entered_by_name, device_id, reopened
            FROM task_values WHERE task_id = \(id) ORDER BY item_code, point, run
            """, logger: logger)
        for try await (code, point, run, value, unit, capturedAt, by, byName, device, reopened) in values.decode(
            (String, Int32, Int32, String, String, Date, String, String, String, Bool).self)
        {
            var entry = Metrology_Records_V1_RecordValue()
            entry.cell = cell(code, point, run)
            entry.value = value
            entry.unit = unit
            entry.capturedAt = Google_Protobuf_Timestamp(date: capturedAt)
            entry.enteredBy = by
            entry.enteredByName = byName
            entry.deviceID = device
            entry.reopened = reopened
            task.values.append(entry)
        }
        let computed = try await connection.query(
            "SELECT item_code, point, run, kind, value, unit, type FROM task_computed WHERE task_id = \(id) ORDER BY item_code, point, run",
            logger: logger)
        for try await (code, point, run, kind, value, unit, type) in computed.decode((String, Int32, Int32, String, String, String, String).self) {
            var entry = Metrology_Records_V1_ComputedValue()
            entry.cell = cell(code, point, run)
            entry.kind = kind
            entry.value = value
            entry.unit = unit
            entry.type = type
            task.computed.append(entry)
            if kind == "conclusion" { task.conclusion = value }
        }
        let signatures = try await connection.query(
            """
            SELECT meaning, signer_id, signer_name, receipt_id, receipt, digest, signed_at, device_id, method, handwriting_sha256
            FROM task_signatures WHERE task_id = \(id) AND NOT superseded ORDER BY id
            """, logger: logger)
        for try await (meaning, signer, signerName, receiptID, receipt, digest, signedAt, device, method, handwriting) in signatures.decode(
            (String, String, String, String, String, String, Date, String, String, String).self)
        {
            var signature = Metrology_Records_V1_Signature()
            signature.meaning = meaning
            signature.signerID = signer
            signature.signerName = signerName
            signature.receiptID = receiptID
            signature.receipt = receipt
            signature.digest = digest
            signature.signedAt = Google_Protobuf_Timestamp(date: signedAt)
            signature.deviceID = device
            signature.method = method
            signature.handwritingSha256 = handwriting
            task.signatures.append(signature)
        }
        let history = try await connection.query(
            """
            SELECT item_code, point, run, old_value, new_value, changed_by, changed_by_name, changed_at, reason, device_id, revision
            FROM value_history WHERE task_id = \(id) ORDER BY id
            """, logger: logger)
        for try await (code, point, run, old, new, by, byName, at, reason, device, revision) in history.decode(
            (String, Int32, Int32, String, String, String, String, Date, String, String, Int32).self)
        {
            var change = Metrology_Records_V1_ValueChange()
            change.cell = cell(code, point, run)
            change.oldValue = old
            change.newValue = new
            change.changedBy = by
            change.changedByName = byName
            change.changedAt = Google_Protobuf_Timestamp(date: at)
            change.reason = reason
            change.deviceID = device
            change.revision = revision
            task.history.append(change)
        }
    }

    /// The task with `next_step` filled from its pinned procedure (ProcedureCache + EntryPlan) and its values; call it
    /// outside any transaction (the first use of a version asks flows) and with a task read with `detail` (the values
    /// decide where entry stands).
    static func withNextStep(_ task: Metrology_Records_V1_Task, context: CallContext) async throws -> Metrology_Records_V1_Task {
        guard task.procedureVersion > 0 else { return task }
        let procedure = try await ProcedureCache.shared.procedure(
            itemID: task.itemID, typeCode: task.typeCode, version: task.procedureVersion, context: context)
        var task = task
        task.nextStep = procedure.plan.nextStep(
            filled: Set(task.values.map { EntryCell($0.cell) }), reopened: Set(task.values.filter(\.reopened).map { EntryCell($0.cell) }))
        return task
    }

    static func cell(_ code: String, _ point: Int32, _ run: Int32) -> Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = code
        cell.point = point
        cell.run = run
        return cell
    }
}
