import DocumentConversion
import ExcelFill
import FillCore
import Foundation
import WordFill

/// Fills a stored template (Word or Excel, by its media type) and names the converter's input format.
enum DocumentFiller {
    static func fill(_ template: Data, mediaType: String, data: FillData) throws(FillError) -> (document: Data, format: DocumentFormat) {
        let filled = try fillReporting(template, mediaType: mediaType, data: data)
        return (filled.document.data, filled.format)
    }

    /// With what the fill did (names left blank), for previews.
    static func fillReporting(
        _ template: Data, mediaType: String, data: FillData
    ) throws(FillError) -> (document: FilledDocument, format: DocumentFormat) {
        if mediaType == ApprovalInputs.xlsx {
            return (try ExcelFiller().fill(template: template, data: data), .xlsx)
        }
        return (try WordFiller().fill(template: template, data: data), .docx)
    }
}

extension DocumentFormat {
    var mediaType: String { self == .xlsx ? ApprovalInputs.xlsx : ApprovalInputs.docx }

    init(mediaType: String) {
        self = mediaType == ApprovalInputs.xlsx ? .xlsx : .docx
    }
}
