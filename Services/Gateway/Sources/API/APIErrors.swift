import Foundation
import GatewayAPISupport
import HTTPTypes
import Messaging
import OpenAPIRuntime
import RPCCore

/// What the generated layer throws, as the RPC error the problem document reports. A handler's own error (an
/// `RPCError` from a service, or one the route throws) comes back unchanged; input the generated code could not decode
/// gets the codes and messages the hand-written decoding gave (the tests pin them): INVALID_JSON naming the field,
/// BASE64_INVALID, QUERY_INTEGER_INVALID, QUERY_BOOLEAN_INVALID, QUERY_TIMESTAMP_INVALID naming the parameter.
public enum APIErrors {
    static func rpcError(_ error: ServerError) -> RPCError {
        let query = queryItems(error.request)
        switch error.underlyingError {
        case let rpc as RPCError:
            return rpc
        case let invalid as StrictBase64.Invalid:
            return .invalidArgument(
                "\(invalid.field) 不是有效的 Base64 编码", reason: "BASE64_INVALID", details: [invalid.field: "不是有效的 Base64 编码"])
        case let invalid as RFC3339Transcoder.Invalid:
            if let name = query.first(where: { $0.value == invalid.text })?.name { return timestampInvalid(name) }
            return invalidJSON("JSON 格式错误")
        case let decoding as DecodingError:
            if let refusal = pathRefusal(decoding, operationID: error.operationID) { return refusal }
            if let refusal = queryRefusal(decoding, query: query, operationID: error.operationID) { return refusal }
            return invalidJSON(ProblemMiddleware<GatewayRequestContext>.describe(decoding))
        default:
            break
        }
        let missing = "Missing required query parameter named: "
        if error.causeDescription.hasPrefix(missing) {
            let name = String(error.causeDescription.dropFirst(missing.count))
            return .invalidArgument("缺少查询参数 \(name)", reason: "QUERY_PARAMETER_MISSING", details: [name: "必填"])
        }
        if error.causeDescription.hasPrefix("Unexpected content type") {
            return .invalidArgument("请求内容类型必须是 application/json", reason: "UNSUPPORTED_MEDIA_TYPE")
        }
        if error.operationInput == nil {
            // The input did not decode for another reason (a required body that is missing or blank).
            return invalidJSON("JSON 格式错误")
        }
        return .internal
    }

    /// Query parameters whose refusal has a code of its own ("operationId.parameter"), for a value outside the
    /// document's enum; any other undecodable parameter is QUERY_PARAMETER_INVALID, _INTEGER_ or _BOOLEAN_INVALID.
    static let parameterRefusals: [String: @Sendable (String) -> RPCError] = [
        "listAudit.service": IdentityRoutes.unknownService, "verifyAudit.service": IdentityRoutes.unknownService,
        "listItems.status": FlowsRoutes.itemStatusInvalid, "listItems.usableOnly": FlowsRoutes.booleanInvalid("usableOnly"),
    ]

    /// Operations whose only input that can fail to decode (no body, no typed query parameter) is one integer path
    /// parameter with a refusal of its own: any decoding error of theirs is that parameter's.
    static let pathRefusals: [String: @Sendable () -> RPCError] = [
        "getProcedureVersion": FlowsRoutes.versionInvalid
    ]

    /// A value that did not decode (not an absent one, which is a missing query parameter) of an operation in
    /// `pathRefusals`; the runtime's URI decoder names no parameter, hence the per-operation entry.
    static func pathRefusal(_ error: DecodingError, operationID: String) -> RPCError? {
        guard let refusal = pathRefusals[operationID] else { return nil }
        switch error {
        case .typeMismatch, .dataCorrupted: return refusal()
        default: return nil
        }
    }

    /// The required query parameters of each operation, in the document's order: the runtime reports a missing one
    /// without its name. GeneratedRoutesTests checks this list against openapi.yaml.
    public static let requiredQueryParameters: [String: [String]] = [
        "checkAuthenticity": ["number", "code"],
        "checkQualification": ["item", "action"],
        "downloadPublicCertificate": ["number", "code"],
        "evaluateDrift": ["instrumentId", "errorItem"],
        "previewNumbers": ["type", "target"],
    ]

    static func invalidJSON(_ what: String) -> RPCError {
        .invalidArgument("请求内容不是有效的 JSON 或缺少必填字段：\(what)", reason: "INVALID_JSON")
    }

    static func timestampInvalid(_ name: String) -> RPCError {
        .invalidArgument(
            "查询参数 \(name) 必须是 RFC 3339 时间，例如 2024-05-01T08:00:00+08:00", reason: "QUERY_TIMESTAMP_INVALID",
            details: [name: "必须是 RFC 3339 时间"])
    }

    /// A query parameter the generated code could not decode into its declared type, or nil when the error is the
    /// body's. The runtime's URI decoder reports no coding path for a query parameter, so the parameter is found by
    /// its value: the first that does not parse as the integer or boolean type the error names, or whose value an
    /// enum refused.
    static func queryRefusal(_ error: DecodingError, query: [(name: String, value: String)], operationID: String) -> RPCError? {
        switch error {
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            if type == Bool.self, let item = query.first(where: { !["true", "false"].contains($0.value) }) {
                return .invalidArgument(
                    "查询参数 \(item.name) 必须是 true 或 false", reason: "QUERY_BOOLEAN_INVALID", details: [item.name: "必须是 true 或 false"])
            }
            if let integer = type as? any FixedWidthInteger.Type, let item = query.first(where: { integer.init($0.value) == nil }) {
                return .invalidArgument("查询参数 \(item.name) 必须是整数", reason: "QUERY_INTEGER_INVALID", details: [item.name: "必须是整数"])
            }
            return nil
        case .valueNotFound(_, let context) where context.codingPath.isEmpty:
            // A required query parameter that is absent (or empty, which counts as absent).
            let present = Set(query.map(\.name))
            guard let name = requiredQueryParameters[operationID]?.first(where: { !present.contains($0) }) else { return nil }
            return .invalidArgument("缺少查询参数 \(name)", reason: "QUERY_PARAMETER_MISSING", details: [name: "必填"])
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            guard let item = query.first(where: { context.debugDescription.hasSuffix("value \($0.value)") }) else { return nil }
            if let refusal = parameterRefusals["\(operationID).\(item.name)"] { return refusal(item.value) }
            return .invalidArgument("查询参数 \(item.name) 的取值无效", reason: "QUERY_PARAMETER_INVALID", details: [item.name: "取值无效"])
        default:
            return nil
        }
    }

    static func queryItems(_ request: HTTPRequest) -> [(name: String, value: String)] {
        guard let path = request.path, let mark = path.firstIndex(of: "?") else { return [] }
        return path[path.index(after: mark)...].split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
