import Foundation
import Messaging

/// Binary fields (keys, signatures, images, challenges) travel as standard base64 (RFC 4648 §4) inside JSON.
enum Base64Field {
    /// A value that does not decode is a 400 naming the field, rather than an empty value the service would
    /// reject with a less precise message.
    static func decode(_ text: String, field: String) throws -> Data {
        guard let data = Data(base64Encoded: text) else {
            throw RPCError.invalidArgument("\(field) 不是有效的 Base64 编码", reason: "BASE64_INVALID", details: [field: "不是有效的 Base64 编码"])
        }
        return data
    }
}
