import Foundation
import Hummingbird
import Messaging
import SwiftProtobuf

/// Query parameters of the list routes. An empty value (`?role=`) counts as absent, so a filter form that sends
/// every field filters only on what was filled in; a value that does not parse is a 400 that names the parameter,
/// never silently dropped (a typo in `from` must not widen an audit query to everything).
extension Request {
    func queryString(_ name: String) -> String? {
        guard let value = uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// For a parameter that names what the route addresses (the test type of a procedure): without it the service
    /// could only answer "no such type", which hides the client's real mistake.
    func requiredQueryString(_ name: String) throws -> String {
        guard let value = queryString(name) else {
            throw RPCError.invalidArgument("缺少查询参数 \(name)", reason: "QUERY_PARAMETER_MISSING", details: [name: "必填"])
        }
        return value
    }

    /// `true`/`false` (or `1`/`0`, as HTML forms send them); absent is nil.
    func queryBool(_ name: String) throws -> Bool? {
        guard let text = queryString(name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw RPCError.invalidArgument("查询参数 \(name) 必须是 true 或 false", reason: "QUERY_BOOLEAN_INVALID", details: [name: "必须是 true 或 false"])
        }
    }

    func queryInteger<Value: FixedWidthInteger>(_ name: String, as type: Value.Type = Value.self) throws -> Value? {
        guard let text = queryString(name) else { return nil }
        guard let value = Value(text) else {
            throw RPCError.invalidArgument("查询参数 \(name) 必须是整数", reason: "QUERY_INTEGER_INVALID", details: [name: "必须是整数"])
        }
        return value
    }

    func queryTimestamp(_ name: String) throws -> Google_Protobuf_Timestamp? {
        guard let text = queryString(name) else { return nil }
        guard let timestamp = RFC3339.timestamp(text) else {
            throw RPCError.invalidArgument(
                "查询参数 \(name) 必须是 RFC 3339 时间，例如 2024-05-01T08:00:00+08:00", reason: "QUERY_TIMESTAMP_INVALID",
                details: [name: "必须是 RFC 3339 时间"])
        }
        return timestamp
    }
}
