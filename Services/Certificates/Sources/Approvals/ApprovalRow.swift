import Contracts
import Foundation
import PostgresNIO
import SwiftProtobuf

/// One row of `approvals`: a reviewed record awaiting (or past) the approver's decision.
struct ApprovalRow: Sendable {
    var taskID: UUID
    var state: String
    var rawRecordNumber: String
    var itemID: String
    var itemCode: String
    var itemName: String
    var typeCode: String
    var typeTitle: String
    var customerName: String
    var instrumentName: String
    var instrumentModel: String
    var instrumentSerial: String
    var conclusion: String
    var testerID: String
    var testerName: String
    var reviewerID: String
    var reviewerName: String
    var digest: String
    var reviewedAt: Date
    var recorded: Data
    var round: Int
    var approverID: String
    var approverName: String
    var decidedAt: Date?
    var returnReason: String
    var certificateID: UUID?

    static let columns = """
        task_id, state, raw_record_number, item_id, item_code, item_name, type_code, type_title, customer_name, instrument_name,
        instrument_model, instrument_serial, conclusion, tester_id, tester_name, reviewer_id, reviewer_name, digest, reviewed_at, recorded,
        round, approver_id, approver_name, decided_at, return_reason, certificate_id
        """

    init(_ row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        taskID = try r["task_id"].decode(UUID.self)
        state = try r["state"].decode(String.self)
        rawRecordNumber = try r["raw_record_number"].decode(String.self)
        itemID = try r["item_id"].decode(String.self)
        itemCode = try r["item_code"].decode(String.self)
        itemName = try r["item_name"].decode(String.self)
        typeCode = try r["type_code"].decode(String.self)
        typeTitle = try r["type_title"].decode(String.self)
        customerName = try r["customer_name"].decode(String.self)
        instrumentName = try r["instrument_name"].decode(String.self)
        instrumentModel = try r["instrument_model"].decode(String.self)
        instrumentSerial = try r["instrument_serial"].decode(String.self)
        conclusion = try r["conclusion"].decode(String.self)
        testerID = try r["tester_id"].decode(String.self)
        testerName = try r["tester_name"].decode(String.self)
        reviewerID = try r["reviewer_id"].decode(String.self)
        reviewerName = try r["reviewer_name"].decode(String.self)
        digest = try r["digest"].decode(String.self)
        reviewedAt = try r["reviewed_at"].decode(Date.self)
        recorded = try r["recorded"].decode(Data.self)
        round = Int(try r["round"].decode(Int32.self))
        approverID = try r["approver_id"].decode(String.self)
        approverName = try r["approver_name"].decode(String.self)
        decidedAt = try r["decided_at"].decode(Date?.self)
        returnReason = try r["return_reason"].decode(String.self)
        certificateID = try r["certificate_id"].decode(UUID?.self)
    }

    var idString: String { taskID.uuidString.lowercased() }

    /// The record as records published it at review.
    func taskRecorded() throws -> Metrology_Records_V1_TaskRecorded {
        try Metrology_Records_V1_TaskRecorded(serializedBytes: recorded)
    }

    func message(withTask: Bool) -> Metrology_Certificates_V1_Approval {
        var message = Metrology_Certificates_V1_Approval()
        message.taskID = idString
        message.state = state
        message.rawRecordNumber = rawRecordNumber
        message.itemID = itemID
        message.itemCode = itemCode
        message.itemName = itemName
        message.typeCode = typeCode
        message.typeTitle = typeTitle
        message.customerName = customerName
        message.instrumentName = instrumentName
        message.instrumentModel = instrumentModel
        message.instrumentSerial = instrumentSerial
        message.conclusion = conclusion
        message.testerID = testerID
        message.testerName = testerName
        message.reviewerID = reviewerID
        message.reviewerName = reviewerName
        message.reviewedAt = Google_Protobuf_Timestamp(date: reviewedAt)
        message.approverID = approverID
        message.approverName = approverName
        if let decidedAt { message.decidedAt = Google_Protobuf_Timestamp(date: decidedAt) }
        message.returnReason = returnReason
        message.certificateID = certificateID?.uuidString.lowercased() ?? ""
        if withTask, let recorded = try? taskRecorded() { message.task = recorded.task }
        return message
    }
}
