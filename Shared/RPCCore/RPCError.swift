public import Contracts

/// The error every RPC fails with: a gRPC code, a Chinese message for people, a stable reason for programs.
/// Any other error a handler throws reaches the caller as INTERNAL with a generic message, never its details.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: RPCCode
    public var message: String
    public var reason: String
    public var details: [String: String]

    public init(code: RPCCode, message: String, reason: String? = nil, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.reason = reason ?? code.name
        self.details = details
    }

    public var description: String { "\(code.name) \(reason): \(message)" }

    public static func invalidArgument(_ message: String, reason: String = "INVALID_ARGUMENT", details: [String: String] = [:]) -> RPCError {
        .init(code: .invalidArgument, message: message, reason: reason, details: details)
    }
    public static func notFound(_ message: String, reason: String = "NOT_FOUND") -> RPCError {
        .init(code: .notFound, message: message, reason: reason)
    }
    public static func alreadyExists(_ message: String, reason: String = "ALREADY_EXISTS") -> RPCError {
        .init(code: .alreadyExists, message: message, reason: reason)
    }
    public static func permissionDenied(_ message: String = "没有执行此操作的权限", reason: String = "PERMISSION_DENIED") -> RPCError {
        .init(code: .permissionDenied, message: message, reason: reason)
    }
    public static func unauthenticated(_ message: String = "未登录或登录已失效，请重新登录", reason: String = "UNAUTHENTICATED") -> RPCError {
        .init(code: .unauthenticated, message: message, reason: reason)
    }
    public static func failedPrecondition(_ message: String, reason: String = "FAILED_PRECONDITION") -> RPCError {
        .init(code: .failedPrecondition, message: message, reason: reason)
    }
    public static func unavailable(_ message: String = "服务暂时不可用，请稍后重试", reason: String = "UNAVAILABLE") -> RPCError {
        .init(code: .unavailable, message: message, reason: reason)
    }
    public static func deadlineExceeded(_ message: String = "请求超时，请稍后重试") -> RPCError {
        .init(code: .deadlineExceeded, message: message, reason: "DEADLINE_EXCEEDED")
    }
    public static func unimplemented(_ method: String) -> RPCError {
        .init(code: .unimplemented, message: "不支持的接口：\(method)", reason: "UNIMPLEMENTED", details: ["method": method])
    }
    public static let `internal` = RPCError(code: .internal, message: "服务内部错误，请稍后重试或联系管理员", reason: "INTERNAL")
    public static let cancelled = RPCError(code: .cancelled, message: "请求已取消", reason: "CANCELLED")
}

extension RPCError {
    public init(status: Metrology_Common_V1_Status) {
        self.init(
            code: RPCCode(rawValue: status.code), message: status.message, reason: status.reason.isEmpty ? nil : status.reason,
            details: status.details)
    }

    public var status: Metrology_Common_V1_Status {
        var status = Metrology_Common_V1_Status()
        status.code = code.rawValue
        status.message = message
        status.reason = reason
        status.details = details
        return status
    }
}
