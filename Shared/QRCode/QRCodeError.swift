/// Why a QR code could not be made. `code` is stable; `message` is Chinese text for the operator.
public struct QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code `QRCode.encode` can throw.
    public static let allCodes: [String] = ["QRCODE_DATA_TOO_LONG", "QRCODE_INVALID_MASK"]

    static func dataTooLong(_ count: Int, capacity: Int, correction: QRErrorCorrection) -> Self {
        .init(code: "QRCODE_DATA_TOO_LONG", message: "二维码内容 \(count) 字节，超过纠错等级 \(correction) 下的最大容量 \(capacity) 字节")
    }

    static func invalidMask(_ mask: Int) -> Self {
        .init(code: "QRCODE_INVALID_MASK", message: "掩模编号 \(mask) 无效，应为 0–7")
    }
}
