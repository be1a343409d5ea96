import FlowsDocumentsAPI
import Foundation
import OpenAPIRuntime

/// A stored file (template, regulation) sent as itself rather than as base64 in JSON, so a browser link or the mobile
/// app's downloader saves it under its own name (the document's `File` response).
extension Components.Responses.File {
    static func attachment(_ content: Data, contentType: String, filename: String) -> Self {
        // The bytes were uploaded by users: a browser must not guess a more dangerous type than the one declared.
        let headers = Headers(contentDisposition: ContentDisposition.attachment(filename: filename), xContentTypeOptions: .nosniff)
        let body = HTTPBody(content)
        return switch contentType {
        case "application/pdf": .init(headers: headers, body: .pdf(body))
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
            .init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(body))
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            .init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body))
        // The services name the type from a fixed list; anything else (or nothing) is sent as opaque bytes rather
        // than trusted into a header.
        default: .init(headers: headers, body: .binary(body))
        }
    }
}
