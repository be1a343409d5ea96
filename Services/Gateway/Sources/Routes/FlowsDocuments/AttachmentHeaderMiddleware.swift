import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated code writes a response header as an OpenAPI "simple" value, percent-encoding every byte outside the
/// URI's unreserved set, so `attachment; filename*=UTF-8''%E7…` would leave as `attachment%3B%20filename%2A…`, which no
/// browser reads. The value `Components.Responses.File.contentDisposition` builds is already plain ASCII (RFC 8187
/// percent-encodes the name itself), so this undoes the runtime's one layer of encoding for that header alone.
struct AttachmentHeaderMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        if let encoded = response.headerFields[.contentDisposition], let value = encoded.removingPercentEncoding {
            response.headerFields[.contentDisposition] = value
        }
        return (response, responseBody)
    }
}
