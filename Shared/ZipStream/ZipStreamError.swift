/// Why an archive could not be written. `code` is stable; `message` is Chinese text for the operator.
public struct ZipStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code the writer can throw (a sink's own errors pass through unchanged).
    public static let allCodes: [String] = [
        "ZIP_ENTRY_PATH_INVALID", "ZIP_ENTRY_DUPLICATE", "ZIP_NO_OPEN_ENTRY", "ZIP_ALREADY_FINISHED", "ZIP_DEFLATE_FAILED",
    ]

    static func pathInvalid(_ path: String) -> Self {
        .init(code: "ZIP_ENTRY_PATH_INVALID", message: "压缩包内的文件名“\(path)”无效：不能为空、不能以 / 开头、不能含 .. 段、反斜杠或控制字符，且不超过 65535 字节")
    }

    static func duplicate(_ path: String) -> Self {
        .init(code: "ZIP_ENTRY_DUPLICATE", message: "压缩包内已有名为“\(path)”的文件")
    }

    static let noOpenEntry = Self(code: "ZIP_NO_OPEN_ENTRY", message: "写入数据前须先开始一个文件（beginEntry）")

    static let alreadyFinished = Self(code: "ZIP_ALREADY_FINISHED", message: "压缩包已写完，不能再写入")

    static func deflateFailed(_ status: Int32) -> Self {
        .init(code: "ZIP_DEFLATE_FAILED", message: "zlib 压缩失败（返回码 \(status)）")
    }
}
