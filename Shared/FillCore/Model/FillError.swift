/// Why a template could not be filled. `code` is stable (the certificates service maps it to its RPC error);
/// `message` is Chinese text naming the part, bookmark or cell, so the template author knows what to change.
public struct FillError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code a filler can throw.
    public static let allCodes: [String] = [
        "TEMPLATE_FILL_TEMPLATE_INVALID", "TEMPLATE_FILL_XML_INVALID", "TEMPLATE_FILL_IMAGE_INVALID", "TEMPLATE_FILL_ROW_NOT_IN_TABLE",
        "TEMPLATE_FILL_ROWS_BELOW", "TEMPLATE_FILL_BAD_REFERENCE", "TEMPLATE_FILL_TOO_LARGE",
    ]
}

// One factory per code keeps the wording consistent.
extension FillError {
    /// The stored template failed the upload checks (it was changed or corrupted after upload).
    package static func templateInvalid(_ code: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_TEMPLATE_INVALID", message: "模板文件无法打开（\(code)）：\(detail)")
    }

    package static func xmlInvalid(_ part: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_XML_INVALID", message: "模板部件 \(part) 的 XML 无法处理：\(detail)")
    }

    package static func imageInvalid(_ name: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_IMAGE_INVALID", message: "“\(name)”的图片无法插入：\(detail)")
    }

    package static func rowNotInTable(_ name: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_ROW_NOT_IN_TABLE", message: "重复行“\(name)”无法展开：\(detail)")
    }

    package static func rowsBelow(_ name: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_ROWS_BELOW", message: "重复行“\(name)”无法安全展开：\(detail)。请把这些内容移到重复行上方或另一个工作表")
    }

    package static func badReference(_ name: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_BAD_REFERENCE", message: "名称“\(name)”无法填写：\(detail)")
    }

    package static func tooLarge(_ detail: String) -> Self {
        .init(code: "TEMPLATE_FILL_TOO_LARGE", message: "填写内容超出上限：\(detail)")
    }
}
