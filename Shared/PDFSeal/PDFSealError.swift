/// Why a PDF could not be sealed. `code` is stable (callers and clients switch on it); `message` is Chinese text for
/// the operator that says what is wrong with the file or the identity and, where possible, what to do.
public struct PDFSealError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code the seal can throw.
    public static let allCodes: [String] = [
        "PDF_SEAL_MALFORMED", "PDF_SEAL_ENCRYPTED", "PDF_SEAL_UNSUPPORTED_XREF", "PDF_SEAL_NO_PAGE", "PDF_SEAL_IDENTITY_INVALID",
        "PDF_SEAL_KEY_MISMATCH", "PDF_SEAL_UNSUPPORTED_KEY", "PDF_SEAL_SIGNING_FAILED",
    ]
}

// One factory per code keeps the wording consistent; each takes the detail that makes the message actionable.
extension PDFSealError {
    static func malformed(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_MALFORMED", message: "PDF 文件结构损坏，无法签章：\(detail)")
    }

    static let encrypted = Self(code: "PDF_SEAL_ENCRYPTED", message: "PDF 文件已加密，不能签章。请用未加密的 PDF/A 文件")

    static func unsupportedXref(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_UNSUPPORTED_XREF", message: "不支持此 PDF 的交叉引用格式（\(detail)），请用 LibreOffice 重新导出为 PDF/A-2b")
    }

    static func noPage(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_NO_PAGE", message: "PDF 文件中找不到第 1 页：\(detail)")
    }

    static func identityInvalid(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_IDENTITY_INVALID", message: "签章证书或私钥无法读取：\(detail)。请提供 PEM 格式的证书链和私钥")
    }

    static let keyMismatch = Self(code: "PDF_SEAL_KEY_MISMATCH", message: "私钥与签章证书的公钥不匹配，请检查导入的证书和私钥是否成对")

    static func unsupportedKey(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_UNSUPPORTED_KEY", message: "不支持此类签章密钥（\(detail)），请使用 ECDSA P-256 或 RSA 密钥")
    }

    static func signingFailed(_ detail: String) -> Self {
        .init(code: "PDF_SEAL_SIGNING_FAILED", message: "生成数字签名失败：\(detail)")
    }
}
