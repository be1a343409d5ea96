import Foundation
import Hummingbird

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
