import Contracts
import Foundation
import PostgresNIO
import SwiftProtobuf

/// One row of `tasks` (migration 0002) as stored: the work of verifying one instrument and its raw record's header.
/// Values, computed values, signatures and history live in their own tables (read by `TaskReader` with `detail`).
struct TaskRow: Sendable, Equatable {
    var id: UUID
    var commissionID: UUID
    var lineID: UUID
    var customerID: UUID
    var instrumentID: UUID
    var itemID: String
    var itemCode: String
    var itemName: String
    var typeCode: String
    var typeTitle: String
    /// The published procedure version pinned at acceptance.
    var procedureVersion: Int32
    var rawRecordNumber: String
    /// created | in_progress | submitted | returned | reviewed
    var state: String
    var testerID: String
    var testerName: String
    var reviewerID: String
    var reviewerName: String
    var deviceID: String
    /// The standards snapshotted from devices at StartTask.
    var standards: [Metrology_Records_V1_StandardUsed]
    var revision: Int32
    var submittedDigest: String
    var returnReason: String
    /// YYYY-MM-DD (Asia/Shanghai) or nil before the task is started.
    var testDate: String?
    var createdAt: Date
    var startedAt: Date?
    var submittedAt: Date?
    var reviewedAt: Date?
    var updatedAt: Date
    /// Set from certificates' event when the certificate (or notice) is issued.
    var certificateNumber: String = ""
    var approvedAt: Date?

    var idString: String { id.uuidString.lowercased() }

    /// The select list `row(_:)` decodes; `t` is the tasks alias.
    static let columns = """
        t.id, t.commission_id, t.line_id, t.customer_id, t.instrument_id, t.item_id, t.item_code, t.item_name, t.type_code, t.type_title,
        t.procedure_version, t.raw_record_number, t.state, t.tester_id, t.tester_name, t.reviewer_id, t.reviewer_name, t.device_id,
        t.standards::text AS standards, t.revision, t.submitted_digest, t.return_reason, to_char(t.test_date, 'YYYY-MM-DD') AS test_date,
        t.created_at, t.started_at, t.submitted_at, t.reviewed_at, t.updated_at, t.certificate_number, t.approved_at
        """

    static func row(_ r: PostgresRandomAccessRow) throws -> TaskRow {
        TaskRow(
            id: try r["id"].decode(UUID.self), commissionID: try r["commission_id"].decode(UUID.self), lineID: try r["line_id"].decode(UUID.self),
            customerID: try r["customer_id"].decode(UUID.self), instrumentID: try r["instrument_id"].decode(UUID.self),
            itemID: try r["item_id"].decode(String.self), itemCode: try r["item_code"].decode(String.self),
            itemName: try r["item_name"].decode(String.self), typeCode: try r["type_code"].decode(String.self),
            typeTitle: try r["type_title"].decode(String.self), procedureVersion: try r["procedure_version"].decode(Int32.self),
            rawRecordNumber: try r["raw_record_number"].decode(String.self), state: try r["state"].decode(String.self),
            testerID: try r["tester_id"].decode(String.self), testerName: try r["tester_name"].decode(String.self),
            reviewerID: try r["reviewer_id"].decode(String.self), reviewerName: try r["reviewer_name"].decode(String.self),
            deviceID: try r["device_id"].decode(String.self), standards: try standards(fromJSON: try r["standards"].decode(String.self)),
            revision: try r["revision"].decode(Int32.self), submittedDigest: try r["submitted_digest"].decode(String.self),
            returnReason: try r["return_reason"].decode(String.self), testDate: try r["test_date"].decode(String?.self),
            createdAt: try r["created_at"].decode(Date.self), startedAt: try r["started_at"].decode(Date?.self),
            submittedAt: try r["submitted_at"].decode(Date?.self), reviewedAt: try r["reviewed_at"].decode(Date?.self),
            updatedAt: try r["updated_at"].decode(Date.self), certificateNumber: try r["certificate_number"].decode(String.self),
            approvedAt: try r["approved_at"].decode(Date?.self))
    }

    // MARK: The standards column

    /// tasks.standards holds `[StandardUsed]` in protobuf JSON with the proto field names (need_code, standard_id, …),
    /// so the column reads the same as the contract.
    static func standardsJSON(_ standards: [Metrology_Records_V1_StandardUsed]) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try Metrology_Records_V1_StandardUsed.jsonString(from: standards, options: options)
    }

    static func standards(fromJSON text: String) throws -> [Metrology_Records_V1_StandardUsed] {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return try Metrology_Records_V1_StandardUsed.array(fromJSONString: text, options: options)
    }

    // MARK: The contract's Task

    /// The header of the task as the contract shows it; the commission number, the customer's name and the instrument
    /// come from other tables (`TaskReader`).
    var message: Metrology_Records_V1_Task {
        var task = Metrology_Records_V1_Task()
        task.id = idString
        task.commissionID = commissionID.uuidString.lowercased()
        task.customerID = customerID.uuidString.lowercased()
        task.itemID = itemID
        task.itemCode = itemCode
        task.itemName = itemName
        task.typeCode = typeCode
        task.typeTitle = typeTitle
        task.procedureVersion = procedureVersion
        task.rawRecordNumber = rawRecordNumber
        task.state = state
        task.testerID = testerID
        task.testerName = testerName
        task.reviewerID = reviewerID
        task.reviewerName = reviewerName
        task.deviceID = deviceID
        task.standards = standards
        task.revision = revision
        task.submittedDigest = submittedDigest
        task.returnReason = returnReason
        task.testDate = testDate ?? ""
        task.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        if let startedAt { task.startedAt = Google_Protobuf_Timestamp(date: startedAt) }
        if let submittedAt { task.submittedAt = Google_Protobuf_Timestamp(date: submittedAt) }
        if let reviewedAt { task.reviewedAt = Google_Protobuf_Timestamp(date: reviewedAt) }
        task.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        task.certificateNumber = certificateNumber
        if let approvedAt { task.approvedAt = Google_Protobuf_Timestamp(date: approvedAt) }
        return task
    }
}
