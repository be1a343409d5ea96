/// Why a document could not be converted. `code` is stable (callers switch on it); `message` is Chinese text for the
/// operator. `isInstanceFault` says the converter instance failed, not the document: the pool retries those once on
/// another instance, and a caller may try again later.
public struct ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let isInstanceFault: Bool

    public init(code: String, message: String, isInstanceFault: Bool = false) {
        self.code = code
        self.message = message
        self.isInstanceFault = isInstanceFault
    }

    public var description: String { "\(code): \(message)" }

    /// Every code the pool can throw.
    public static let allCodes: [String] = [
        "CONVERSION_NOT_CONFIGURED", "CONVERSION_POOL_BUSY", "CONVERSION_BAD_INPUT", "CONVERSION_TIMEOUT", "CONVERSION_UNAVAILABLE",
        "CONVERSION_FAILED",
    ]
}

// One factory per code keeps the wording consistent; each takes the detail that makes the message actionable.
extension ConversionError {
    static let notConfigured = Self(code: "CONVERSION_NOT_CONFIGURED", message: "未配置文档转换服务（METROLOGY_CONVERTER_URLS 为空）")

    static func poolBusy(waited: Duration) -> Self {
        .init(code: "CONVERSION_POOL_BUSY", message: "文档转换服务繁忙：等待 \(waited.components.seconds) 秒仍无空闲的转换实例，请稍后重试")
    }

    /// The document's fault (the converter answered 422): retrying it elsewhere would fail the same way.
    static func badInput(_ format: DocumentFormat, _ detail: String) -> Self {
        .init(code: "CONVERSION_BAD_INPUT", message: "文档无法转换：内容不是有效的 \(format.rawValue) 文档（\(detail)）")
    }

    static func timeout(_ detail: String) -> Self {
        .init(code: "CONVERSION_TIMEOUT", message: "文档转换超时：\(detail)", isInstanceFault: true)
    }

    /// Connection refused, the converter's LibreOffice crashed (502) or was not ready or busy (503).
    static func unavailable(_ instance: String, _ detail: String) -> Self {
        .init(code: "CONVERSION_UNAVAILABLE", message: "文档转换实例 \(instance) 不可用：\(detail)", isInstanceFault: true)
    }

    /// The document loaded but could not be exported, or the converter refused the request itself.
    static func failed(_ detail: String) -> Self {
        .init(code: "CONVERSION_FAILED", message: "文档转换失败：\(detail)")
    }
}
