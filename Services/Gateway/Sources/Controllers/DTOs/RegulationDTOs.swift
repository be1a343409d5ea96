import Contracts
import Foundation

// Regulations (规程文本): PDF or Word files with their code, status and the items they govern. Uploaded as base64 in
// JSON, downloaded as files.

struct RegulationDTO: Codable, Sendable {
    var id: String
    /// e.g. "JJG 443—2023"
    var code: String
    var title: String
    var effectiveOn: String
    /// current | repealed
    var status: String
    /// The code of the regulation that replaces this one; empty if none.
    var replacedBy: String
    var itemCodes: [String]
    var filename: String
    /// pdf | docx
    var format: String
    var size: Int64
    var sha256: String
    var importedAt: String?

    init(_ regulation: Metrology_Flows_V1_Regulation) {
        id = regulation.id
        code = regulation.code
        title = regulation.title
        effectiveOn = regulation.effectiveOn
        status = regulation.status
        replacedBy = regulation.replacedBy
        itemCodes = regulation.itemCodes
        filename = regulation.filename
        format = regulation.format
        size = regulation.size
        sha256 = regulation.sha256
        importedAt = regulation.hasImportedAt ? RFC3339.string(regulation.importedAt) : nil
    }
}

/// A page when `page`/`pageSize` were asked for, otherwise every match (then `pageSize` is their number).
struct RegulationListDTO: Codable, Sendable {
    var regulations: [RegulationDTO]
    var total: Int64
    var page: Int32
    var pageSize: Int32
}

/// The service tells PDF from Word by the content, not by the filename, and defaults the status to current.
struct ImportRegulationBody: Codable, Sendable {
    var code: String
    var title: String
    var effectiveOn: String
    var status: String?
    var replacedBy: String?
    var itemCodes: [String]?
    var filename: String
    /// The file, standard base64.
    var content: String
}

/// PATCH semantics: an absent (or null) field stays as it is; `itemCodes`, when present, replaces the whole list.
/// The code, effective date and file do not change: a new edition is a new regulation.
struct UpdateRegulationBody: Codable, Sendable {
    var title: String?
    var status: String?
    var replacedBy: String?
    var itemCodes: [String]?
}
