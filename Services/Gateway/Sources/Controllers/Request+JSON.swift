import Foundation
import Hummingbird
import Messaging

extension Request {
    /// Decodes a JSON body. Unlike `decode(as:context:)`, a decoding failure stays a `DecodingError`, so the problem
    /// document can name the field (Hummingbird turns it into a bare 400).
    func decodeJSON<Value: Decodable>(as type: Value.Type, limit: Int = 1 << 20) async throws -> Value {
        let buffer = try await body.collect(upTo: limit)
        return try JSONDecoder().decode(Value.self, from: Data(buffer: buffer))
    }

    /// Like `decodeJSON`, but an empty body is nil: for actions whose body (a reason) may be left out entirely.
    func decodeJSONIfPresent<Value: Decodable>(as type: Value.Type, limit: Int = 1 << 20) async throws -> Value? {
        let data = Data(buffer: try await body.collect(upTo: limit))
        guard data.contains(where: { !" \t\r\n".utf8.contains($0) }) else { return nil }
        return try JSONDecoder().decode(Value.self, from: data)
    }
}

/// Bodies that carry a file as base64 (templates, regulations). Base64 adds a third, so 16 MiB of JSON holds a file of
/// about 12 MiB: enough for the 10 MiB the services accept for a template, with room for the other fields. Only the
/// upload routes get this limit; every other route keeps `decodeJSON`'s 1 MiB, so a client cannot make the gateway
/// buffer 16 MiB anywhere it pleases.
enum UploadBody {
    static let limit = 16 << 20

    /// Status 413 comes from ProblemDetails.statusByReason; the code differs from PAYLOAD_TOO_LARGE so an app can tell
    /// the user their file is too big rather than that something went wrong.
    static let tooLarge = RPCError.invalidArgument(
        "上传的文件过大：请求内容不能超过 16 MiB（文件须小于约 12 MiB）", reason: "UPLOAD_TOO_LARGE", details: ["maxBodyBytes": "\(limit)"])
}

extension Request {
    /// `decodeJSON` with the upload limit, and a problem of its own when the body exceeds it. Callers verify the
    /// token first, so an anonymous client is refused before the gateway reads 16 MiB.
    func decodeUpload<Value: Decodable>(as type: Value.Type) async throws -> Value {
        do {
            return try await decodeJSON(as: type, limit: UploadBody.limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's NIOTooManyBytesError from `collect(upTo:)`, matched by its status rather than its type.
            throw UploadBody.tooLarge
        }
    }
}
