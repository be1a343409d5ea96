/// Why the consumer stopped: a stable `code` that scripts switch on, a Simplified Chinese `message` for the operator,
/// and the exit status it maps to. An error the feed itself answered (HTTP problem document) keeps the feed's code,
/// e.g. `REPORTS_FEED_CONSUMER_UNAUTHENTICATED`, so the operator sees the reason the platform gave.
public struct FeedConsumerError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// What went wrong, by kind; decides the exit status and whether `--follow` retries.
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// Bad command line or key file.
        case usage
        /// The gateway could not be reached or answered an error: transient unless `permanent`.
        case transport(status: Int, permanent: Bool)
        /// An entry failed verification or the feed broke its order: never retried, nothing stored.
        case integrity
        /// The state folder cannot be read, written or trusted.
        case state
    }

    public init(code: String, message: String, kind: Kind) {
        self.code = code
        self.message = message
        self.kind = kind
    }

    public var description: String { "\(code): \(message)" }

    /// 2 usage, 3 the feed or the network, 4 verification or order, 5 the local state.
    public var exitStatus: Int32 {
        switch kind {
        case .usage: 2
        case .transport: 3
        case .integrity: 4
        case .state: 5
        }
    }

    /// Whether `--follow` waits and tries again: the network and the server may recover; a request the server calls
    /// malformed (400, 413, 414) would be refused again forever, so it stops instead.
    public var isRetryable: Bool {
        if case .transport(_, let permanent) = kind { return !permanent }
        return false
    }
}

extension FeedConsumerError {
    public static func usage(_ message: String) -> FeedConsumerError { .init(code: "FEED_USAGE", message: message, kind: .usage) }

    public static func signatureInvalid(_ sequence: Int64) -> FeedConsumerError {
        .init(code: "FEED_SIGNATURE_INVALID", message: "第 \(sequence) 条的签名验证失败，已停止：未保存该条，游标未前进", kind: .integrity)
    }

    public static func algorithmRefused(_ sequence: Int64, _ algorithm: String) -> FeedConsumerError {
        .init(
            code: "FEED_ALGORITHM_REFUSED", message: "第 \(sequence) 条的签名算法为“\(algorithm)”，只接受 EdDSA（Ed25519），已停止", kind: .integrity)
    }

    public static func keyUnknown(_ sequence: Int64, _ kid: String) -> FeedConsumerError {
        .init(code: "FEED_KEY_UNKNOWN", message: "第 \(sequence) 条的签名公钥“\(kid)”不在已发布的公钥集（JWKS）中，已停止", kind: .integrity)
    }

    public static func jwsMalformed(_ sequence: Int64) -> FeedConsumerError {
        .init(code: "FEED_JWS_MALFORMED", message: "第 \(sequence) 条不是有效的紧凑 JWS，已停止", kind: .integrity)
    }

    public static func payloadMismatch(_ sequence: Int64, _ what: String) -> FeedConsumerError {
        .init(code: "FEED_PAYLOAD_MISMATCH", message: "第 \(sequence) 条的签名载荷与应答不一致（\(what)），已停止", kind: .integrity)
    }

    public static func orderBroken(_ sequence: Int64, after previous: Int64) -> FeedConsumerError {
        .init(code: "FEED_ORDER_BROKEN", message: "序号未严格递增：第 \(sequence) 条出现在第 \(previous) 条之后，已停止", kind: .integrity)
    }

    public static func replayMismatch(_ sequence: Int64) -> FeedConsumerError {
        .init(code: "FEED_REPLAY_MISMATCH", message: "重新读取的第 \(sequence) 条与本地已保存的签名不同，已停止", kind: .integrity)
    }

    public static func keysInvalid(_ detail: String) -> FeedConsumerError {
        .init(code: "FEED_KEYS_INVALID", message: "公钥集（JWKS）无效：\(detail)", kind: .integrity)
    }

    public static func responseMalformed(_ detail: String) -> FeedConsumerError {
        .init(code: "FEED_RESPONSE_MALFORMED", message: "服务器应答无法解析：\(detail)", kind: .transport(status: 200, permanent: false))
    }

    public static func unreachable(_ detail: String) -> FeedConsumerError {
        .init(code: "FEED_UNREACHABLE", message: "无法连接网关：\(detail)", kind: .transport(status: 0, permanent: false))
    }

    public static func stateCorrupt(_ detail: String) -> FeedConsumerError {
        .init(code: "FEED_STATE_CORRUPT", message: "状态目录内容无法信任：\(detail)", kind: .state)
    }

    public static func stateIO(_ detail: String) -> FeedConsumerError {
        .init(code: "FEED_STATE_IO", message: "状态目录读写失败：\(detail)", kind: .state)
    }

    public static func stateLocked(_ path: String) -> FeedConsumerError {
        .init(code: "FEED_STATE_LOCKED", message: "另一个 feed-consumer 正在使用状态目录 \(path)", kind: .state)
    }
}
