import Foundation
import OpenAPIRuntime

/// How the generated layer writes and reads JSON: as the hand-written routes did (sorted keys, slashes unescaped, no
/// pretty printing), and times as RFC 3339 in UTC without fractions, read with any offset and optional fractions.
enum APIConfiguration {
    static let configuration = Configuration(dateTranscoder: RFC3339Transcoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
}

struct RFC3339Transcoder: DateTranscoder {
    /// A `date-time` that does not parse; the error mapping names the query parameter that carried it.
    struct Invalid: Error, Sendable {
        let text: String
    }

    func encode(_ date: Date) throws -> String { date.formatted(.iso8601) }

    func decode(_ text: String) throws -> Date {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        throw Invalid(text: text)
    }
}
