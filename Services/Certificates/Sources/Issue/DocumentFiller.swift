import DocumentConversion
import ExcelFill
import FillCore
import Foundation
import WordFill

/// Fills a stored template (Word or Excel, by its media type) and names the converter's input format.
enum DocumentFiller {
    static func fill(_ template: Data, mediaType: String, data: FillData) throws(FillError) -> (document: Data, format: DocumentFormat) {
        if mediaType == ApprovalInputs.xlsx {
            return (try ExcelFiller().fill(template: template, data: data).data, .xlsx)
        }
        return (try WordFiller().fill(template: template, data: data).data, .docx)
    }
}

extension DocumentFormat {
    var mediaType: String { self == .xlsx ? ApprovalInputs.xlsx : ApprovalInputs.docx }

    init(mediaType: String) {
        self = mediaType == ApprovalInputs.xlsx ? .xlsx : .docx
    }
}
