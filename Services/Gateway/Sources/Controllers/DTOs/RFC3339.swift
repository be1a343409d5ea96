import Foundation
import SwiftProtobuf

/// Times in the HTTP API are RFC 3339: written in UTC without fractions, read with any offset and optional fractions.
enum RFC3339 {
    static func string(_ timestamp: Google_Protobuf_Timestamp) -> String {
        timestamp.date.formatted(.iso8601)
    }

    /// nil when `text` is not an RFC 3339 date-time (a bare date is not one).
    static func timestamp(_ text: String) -> Google_Protobuf_Timestamp? {
        guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) else { return nil }
        return Google_Protobuf_Timestamp(date: date)
    }
}
