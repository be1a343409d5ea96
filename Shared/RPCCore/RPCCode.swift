/// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html), as a struct of static values so
/// new codes never break a switch.
public struct RPCCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = RPCCode(rawValue: 0)
    public static let cancelled = RPCCode(rawValue: 1)
    public static let unknown = RPCCode(rawValue: 2)
    public static let invalidArgument = RPCCode(rawValue: 3)
    public static let deadlineExceeded = RPCCode(rawValue: 4)
    public static let notFound = RPCCode(rawValue: 5)
    public static let alreadyExists = RPCCode(rawValue: 6)
    public static let permissionDenied = RPCCode(rawValue: 7)
    public static let resourceExhausted = RPCCode(rawValue: 8)
    public static let failedPrecondition = RPCCode(rawValue: 9)
    public static let aborted = RPCCode(rawValue: 10)
    public static let unimplemented = RPCCode(rawValue: 12)
    public static let `internal` = RPCCode(rawValue: 13)
    public static let unavailable = RPCCode(rawValue: 14)
    public static let unauthenticated = RPCCode(rawValue: 16)

    public var name: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "UNKNOWN"
        }
    }

    public var description: String { name }
}
