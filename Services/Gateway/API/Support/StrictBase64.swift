public import Foundation

/// A `format: byte` value of the HTTP API (the document's `components/schemas/Base64`), which every generated API
/// module decodes as this type instead of the runtime's `Base64EncodedData`: that one ignores characters outside the
/// alphabet, so `@@@` would reach a service as zero bytes. Standard base64 (RFC 4648 §4) or a `StrictBase64.Invalid`
/// naming the JSON field, which the gateway answers with 400 BASE64_INVALID.
public struct StrictBase64: Codable, Hashable, Sendable {
    public var data: Data

    public init(_ data: Data) { self.data = data }

    /// A value that is not base64; `field` is its JSON path (`device.publicKey`).
    public struct Invalid: Error, Sendable {
        public let field: String
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let data = Data(base64Encoded: text) else {
            throw Invalid(field: decoder.codingPath.map(\.stringValue).joined(separator: "."))
        }
        self.data = data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(data.base64EncodedString())
    }
}
