import Contracts
import Foundation
import PostgresNIO
import SwiftProtobuf

/// One row of `certificates`.
struct CertificateRow: Sendable {
    var id: UUID
    var number: String
    var kind: String
    var state: String
    var taskID: UUID
    var round: Int
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
    var instrumentManufacturer: String = ""
    var conclusion: String
    var testDate: String
    var validUntil: String
    var testerName: String
    var reviewerName: String
    var approverID: String
    var approverName: String
    var approvedAt: Date
    var issuedAt: Date?
    var checkCode: String
    var pdf: FileStore.Metadata?
    var rawRecordPDF: FileStore.Metadata?
    var voidedPDF: FileStore.Metadata?
    var voidReason: String
    var voidedByName: String
    var voidedAt: Date?
    var replacesID: UUID?
    var replacesNumber: String
    var replacedByID: UUID?
    var failure: String

    /// With the three files' metadata and the replaced certificate's number joined in.
    static let select = """
        SELECT c.id, c.number, c.kind, c.state, c.task_id, c.round, c.raw_record_number, c.item_id, c.item_code, c.item_name, c.type_code,
            c.type_title, c.customer_name, c.instrument_name, c.instrument_model, c.instrument_serial, c.instrument_manufacturer, c.conclusion, c.test_date, c.valid_until,
            c.tester_name, c.reviewer_name, c.approver_id, c.approver_name, c.approved_at, c.issued_at, c.check_code,
            c.pdf_sha256, p.media_type AS pdf_type, p.size AS pdf_size,
            c.raw_record_sha256, r.media_type AS raw_type, r.size AS raw_size,
            c.voided_pdf_sha256, v.media_type AS voided_type, v.size AS voided_size,
            c.void_reason, c.voided_by_name, c.voided_at, c.replaces_id, coalesce(o.number, '') AS replaces_number, c.replaced_by_id, c.failure,
            to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key
        FROM certificates c
        LEFT JOIN files p ON p.sha256 = c.pdf_sha256
        LEFT JOIN files r ON r.sha256 = c.raw_record_sha256
        LEFT JOIN files v ON v.sha256 = c.voided_pdf_sha256
        LEFT JOIN certificates o ON o.id = c.replaces_id
        """

    var idString: String { id.uuidString.lowercased() }
}

// In an extension, so the struct keeps its memberwise initializer (tests build rows with it).
extension CertificateRow {
    init(_ row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        id = try r["id"].decode(UUID.self)
        number = try r["number"].decode(String.self)
        kind = try r["kind"].decode(String.self)
        state = try r["state"].decode(String.self)
        taskID = try r["task_id"].decode(UUID.self)
        round = Int(try r["round"].decode(Int32.self))
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
        instrumentManufacturer = try r["instrument_manufacturer"].decode(String.self)
        conclusion = try r["conclusion"].decode(String.self)
        testDate = try r["test_date"].decode(String.self)
        validUntil = try r["valid_until"].decode(String.self)
        testerName = try r["tester_name"].decode(String.self)
        reviewerName = try r["reviewer_name"].decode(String.self)
        approverID = try r["approver_id"].decode(String.self)
        approverName = try r["approver_name"].decode(String.self)
        approvedAt = try r["approved_at"].decode(Date.self)
        issuedAt = try r["issued_at"].decode(Date?.self)
        checkCode = try r["check_code"].decode(String.self)
        pdf = try Self.file(r, "pdf_sha256", "pdf_type", "pdf_size")
        rawRecordPDF = try Self.file(r, "raw_record_sha256", "raw_type", "raw_size")
        voidedPDF = try Self.file(r, "voided_pdf_sha256", "voided_type", "voided_size")
        voidReason = try r["void_reason"].decode(String.self)
        voidedByName = try r["voided_by_name"].decode(String.self)
        voidedAt = try r["voided_at"].decode(Date?.self)
        replacesID = try r["replaces_id"].decode(UUID?.self)
        replacesNumber = try r["replaces_number"].decode(String.self)
        replacedByID = try r["replaced_by_id"].decode(UUID?.self)
        failure = try r["failure"].decode(String.self)
    }

    private static func file(_ r: PostgresRandomAccessRow, _ sha: String, _ type: String, _ size: String) throws -> FileStore.Metadata? {
        guard let sha256 = try r[sha].decode(String?.self) else { return nil }
        return FileStore.Metadata(sha256: sha256, mediaType: try r[type].decode(String?.self) ?? "", size: try r[size].decode(Int64?.self) ?? 0)
    }

    var message: Metrology_Certificates_V1_Certificate {
        var m = Metrology_Certificates_V1_Certificate()
        m.id = idString
        m.number = number
        m.kind = kind
        m.state = state
        m.taskID = taskID.uuidString.lowercased()
        m.rawRecordNumber = rawRecordNumber
        m.itemID = itemID
        m.itemCode = itemCode
        m.itemName = itemName
        m.typeCode = typeCode
        m.typeTitle = typeTitle
        m.customerName = customerName
        m.instrumentName = instrumentName
        m.instrumentModel = instrumentModel
        m.instrumentSerial = instrumentSerial
        m.instrumentManufacturer = instrumentManufacturer
        m.conclusion = conclusion
        m.testDate = testDate
        m.validUntil = validUntil
        m.testerName = testerName
        m.reviewerName = reviewerName
        m.approverID = approverID
        m.approverName = approverName
        m.approvedAt = Google_Protobuf_Timestamp(date: approvedAt)
        if let issuedAt { m.issuedAt = Google_Protobuf_Timestamp(date: issuedAt) }
        if let pdf { m.pdf = Self.message(pdf) }
        if let rawRecordPDF { m.rawRecordPdf = Self.message(rawRecordPDF) }
        if let voidedPDF { m.voidedPdf = Self.message(voidedPDF) }
        m.voidReason = voidReason
        m.voidedByName = voidedByName
        if let voidedAt { m.voidedAt = Google_Protobuf_Timestamp(date: voidedAt) }
        m.replacesID = replacesID?.uuidString.lowercased() ?? ""
        m.replacesNumber = replacesNumber
        m.replacedByID = replacedByID?.uuidString.lowercased() ?? ""
        m.checkCode = checkCode
        m.failure = failure
        return m
    }

    static func message(_ file: FileStore.Metadata) -> Metrology_Certificates_V1_StoredFile {
        var m = Metrology_Certificates_V1_StoredFile()
        m.sha256 = file.sha256
        m.mediaType = file.mediaType
        m.size = file.size
        return m
    }
}
