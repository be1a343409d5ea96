import Contracts
import Foundation

// Templates (原始记录 / 证书报告 / 检定结果通知书模板): Word or Excel files uploaded as base64 in JSON, checked by the flows
// service against the procedure, and downloaded as files.

struct TemplateInfoDTO: Codable, Sendable {
    var id: String
    var itemId: String
    var typeCode: String
    /// raw_record | certificate | notice
    var kind: String
    var version: Int32
    var filename: String
    /// docx | xlsx
    var format: String
    var size: Int64
    /// Hex SHA-256 of the file, to compare a download with what was imported.
    var sha256: String
    /// The procedure version the template was checked against; 0: the draft.
    var procedureVersion: Int32
    var importedAt: String?
    var importedByName: String
    var warnings: Int32

    init(_ info: Metrology_Flows_V1_TemplateInfo) {
        id = info.id
        itemId = info.itemID
        typeCode = info.typeCode
        kind = info.kind
        version = info.version
        filename = info.filename
        format = info.format
        size = info.size
        sha256 = info.sha256
        procedureVersion = info.procedureVersion
        importedAt = info.hasImportedAt ? RFC3339.string(info.importedAt) : nil
        importedByName = info.importedByName
        warnings = info.warnings
    }
}

struct TemplateFieldDTO: Codable, Sendable {
    /// The bookmark or defined name, e.g. a data item's code.
    var name: String
    var location: String
    /// value | repeating_row
    var fieldKind: String
    /// The reserved role, e.g. SIGN_APPROVER; empty if none.
    var reserved: String

    init(_ field: Metrology_Flows_V1_TemplateField) {
        name = field.name
        location = field.location
        fieldKind = field.fieldKind
        reserved = field.reserved
    }
}

/// The check's full answer, for both outcomes: the fields found and every issue, so the user can fix the file in one
/// go. `template` is there only when the import was accepted.
struct TemplateImportDTO: Codable, Sendable {
    var accepted: Bool
    var template: TemplateInfoDTO?
    var fields: [TemplateFieldDTO]
    var issues: [ValidationIssueDTO]

    init(_ response: Metrology_Flows_V1_ImportTemplateResponse) {
        accepted = response.accepted
        template = response.hasTemplate ? TemplateInfoDTO(response.template) : nil
        fields = response.fields.map(TemplateFieldDTO.init)
        issues = response.issues.map(ValidationIssueDTO.init)
    }
}

struct ImportTemplateBody: Codable, Sendable {
    var typeCode: String
    /// raw_record | certificate | notice
    var kind: String
    /// Ends in .docx or .xlsx, which decides how the service reads the file.
    var filename: String
    /// The file, standard base64.
    var content: String
}

struct TemplateListDTO: Codable, Sendable {
    /// Every version, newest first.
    var templates: [TemplateInfoDTO]
}
