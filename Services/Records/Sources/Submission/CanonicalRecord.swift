import Contracts
import Crypto
import Foundation
import Persistence

/// The raw record's canonical content (§4.3.9.6): what the tester signs with meaning 检定 and the reviewer, through
/// its digest, with 核验. A pure function of the task as `TaskReader` reads it with detail, so SubmitTask can
/// recompute it from the rows it has locked and refuse a receipt for anything else.
///
/// It holds what the record states and nothing about its workflow: the task, its raw-record number, item, type and
/// pinned procedure version, the customer, the instrument as the commission line recorded it, the standards used,
/// every entered value (cell, value, unit), every computed value, the conclusion and the test date. Who entered a
/// value when, the revision, the state and the signatures are left out: they change without the record changing.
/// Arrays are ordered by cell (item code, point, run) and standards by need, never by the order rows were read in.
enum CanonicalRecord {
    /// Names the layout: a reader of an old signed record knows which rules made its bytes.
    static let schema = "metrology.records.task.v1"

    static func content(of task: Metrology_Records_V1_Task) -> CanonicalJSON {
        let values = task.values.sorted { Self.precedes($0.cell, $1.cell) }.map { value in
            CanonicalJSON.object(Self.cell(value.cell).merging(["value": .string(value.value), "unit": .string(value.unit)]) { $1 })
        }
        let computed = task.computed.sorted { Self.precedes($0.cell, $1.cell) }.map { value in
            CanonicalJSON.object(
                Self.cell(value.cell).merging(["kind": .string(value.kind), "value": .string(value.value), "unit": .string(value.unit)]) { $1 })
        }
        let standards = task.standards.sorted { ($0.needCode, $0.standardID) < ($1.needCode, $1.standardID) }.map { standard in
            CanonicalJSON.object([
                "need_code": .string(standard.needCode), "standard_id": .string(standard.standardID), "code": .string(standard.code),
                "name": .string(standard.name), "model": .string(standard.model), "accuracy": .string(standard.accuracy),
                "certificate_no": .string(standard.certificateNo), "valid_until": .string(standard.validUntil),
            ])
        }
        return .object([
            "schema": .string(schema),
            "task_id": .string(task.id),
            "raw_record_number": .string(task.rawRecordNumber),
            "item_code": .string(task.itemCode),
            "type_code": .string(task.typeCode),
            "procedure_version": .integer(Int64(task.procedureVersion)),
            "customer": .object(["id": .string(task.customerID), "name": .string(task.customerName)]),
            "instrument": .object([
                "id": .string(task.instrument.id), "name": .string(task.instrument.name), "model": .string(task.instrument.model),
                "serial_number": .string(task.instrument.serialNumber),
            ]),
            "standards": .array(standards),
            "values": .array(values),
            "computed": .array(computed),
            "conclusion": .string(task.conclusion),
            "test_date": .string(task.testDate),
        ])
    }

    /// The canonical bytes and their lowercase hex SHA-256 (what identity's challenge names as the digest).
    static func bytesAndDigest(of task: Metrology_Records_V1_Task) -> (bytes: Data, digest: String) {
        let bytes = content(of: task).bytes
        return (bytes, digest(of: bytes))
    }

    static func digest(of bytes: Data) -> String { SHA256.hash(data: bytes).hexEncoded }

    /// What identity's challenge and receipt name as the signed resource.
    static func resource(ofTask id: String) -> String { "records/task/\(id)" }

    private static func cell(_ cell: Metrology_Records_V1_Cell) -> [String: CanonicalJSON] {
        ["item": .string(cell.itemCode), "point": .integer(Int64(cell.point)), "run": .integer(Int64(cell.run))]
    }

    private static func precedes(_ a: Metrology_Records_V1_Cell, _ b: Metrology_Records_V1_Cell) -> Bool {
        (a.itemCode, a.point, a.run) < (b.itemCode, b.point, b.run)
    }
}
