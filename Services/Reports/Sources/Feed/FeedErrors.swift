import RPCCore

/// The feed's refusals; every reason starts with REPORTS_FEED_.
enum FeedErrors {
    static let storage = RPCError(code: .internal, message: "数据推送记录写入失败", reason: "REPORTS_FEED_STORAGE")
    static let keyMismatch = RPCError(
        code: .internal, message: "数据推送签名密钥与已发布的公钥不一致，请检查数据密钥配置", reason: "REPORTS_FEED_KEY_MISMATCH")
    static let cursorInvalid = RPCError(
        code: .invalidArgument, message: "游标无效：请使用上一次应答中的 nextCursor，或留空从头读取", reason: "REPORTS_FEED_CURSOR_INVALID", details: ["field": "after"])
    static let limitInvalid = RPCError(
        code: .invalidArgument, message: "每次读取条数必须在 1 到 500 之间", reason: "REPORTS_FEED_LIMIT_INVALID", details: ["field": "limit"])
    static let unauthenticated = RPCError(code: .unauthenticated, message: "数据接收方凭据无效或已停用", reason: "REPORTS_FEED_CONSUMER_UNAUTHENTICATED")
    static let consumerNotFound = RPCError.notFound("数据接收方不存在", reason: "REPORTS_FEED_CONSUMER_NOT_FOUND")
    static let nameRequired = RPCError(
        code: .invalidArgument, message: "请填写数据接收方名称（至多 100 字）", reason: "REPORTS_FEED_CONSUMER_NAME_INVALID", details: ["field": "name"])
    static let regionInvalid = RPCError(
        code: .invalidArgument, message: "行政区划代码前缀应为 2、4 或 6 位数字（GB/T 2260），如 42、4205", reason: "REPORTS_FEED_REGION_INVALID",
        details: ["field": "regionPrefix"])
}
