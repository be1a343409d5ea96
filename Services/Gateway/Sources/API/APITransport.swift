import Foundation
import HTTPTypes
import Messaging
import OpenAPIRuntime
import RPCCore

/// The `ServerTransport` the generated API modules register on: Hummingbird's (swift-openapi-hummingbird) with the
/// gateway's request rules in front of every generated handler, so they hold for every operation alike:
/// - a body is read up to 1 MiB (413 PAYLOAD_TOO_LARGE), or `UploadBody.limit` on the upload paths (413
///   UPLOAD_TOO_LARGE); the runtime itself would buffer any size;
/// - a body of only whitespace is no body, so an operation whose body is optional (a reason) takes an empty POST;
/// - a query parameter with an empty value (`?role=`) is absent, as a filter form sends every field.
struct APITransport: ServerTransport {
    let inner: any ServerTransport
    /// Paths (as the document spells them) whose body may be an upload of up to `UploadBody.limit`.
    var uploadPaths: Set<String> = []

    static let bodyLimit = 1 << 20

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        let isUpload = uploadPaths.contains(path)
        try inner.register(
            { request, body, metadata in
                let body = try await Self.collect(body, upload: isUpload)
                var request = Self.droppingEmptyQueryValues(request)
                // The gateway answers JSON (or a problem document) whatever the client says it accepts, as it always
                // has; the generated layer would refuse an `Accept` without JSON.
                request.headerFields[.accept] = nil
                return try await handler(request, body, metadata)
            }, method: method, path: path)
    }

    static func collect(_ body: HTTPBody?, upload: Bool) async throws -> HTTPBody? {
        guard let body else { return nil }
        let limit = upload ? UploadBody.limit : bodyLimit
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else {
                throw upload ? UploadBody.tooLarge : RPCError.invalidArgument("请求内容过大", reason: "PAYLOAD_TOO_LARGE")
            }
            data.append(contentsOf: chunk)
        }
        guard data.contains(where: { !" \t\r\n".utf8.contains($0) }) else { return nil }
        return HTTPBody(data)
    }

    static func droppingEmptyQueryValues(_ request: HTTPRequest) -> HTTPRequest {
        guard let path = request.path, let mark = path.firstIndex(of: "?") else { return request }
        let items = path[path.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true)
        let kept = items.filter { item in
            guard let equals = item.firstIndex(of: "=") else { return false }
            return item.index(after: equals) != item.endIndex
        }
        guard kept.count != items.count else { return request }
        var request = request
        request.path = String(path[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return request
    }
}
