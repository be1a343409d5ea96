/// Why an upload was refused. `code` is stable (clients and the flows service switch on it); `message` is Chinese
/// text for the template author that names the offending entry or limit, so they know what to fix.
public struct TemplateRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code `TemplateInspector` can throw.
    public static let allCodes: [String] = [
        "TEMPLATE_TOO_LARGE", "TEMPLATE_NOT_ZIP", "TEMPLATE_ENCRYPTED", "TEMPLATE_TOO_MANY_ENTRIES", "TEMPLATE_ZIP_BOMB",
        "TEMPLATE_PATH_TRAVERSAL", "TEMPLATE_MISSING_PART", "TEMPLATE_WRONG_FORMAT", "TEMPLATE_MACROS",
        "TEMPLATE_EXTERNAL_ENTITY", "TEMPLATE_EXTERNAL_LINK", "TEMPLATE_XML_INVALID", "TEMPLATE_EMBEDDED_OBJECT", "TEMPLATE_ALT_CHUNK",
    ]
}

// One factory per code keeps the wording consistent; each takes the detail that makes the message actionable.
extension TemplateRejection {
    static func tooLarge(_ detail: String) -> Self { .init(code: "TEMPLATE_TOO_LARGE", message: detail) }

    static func notZip(_ detail: String) -> Self {
        .init(code: "TEMPLATE_NOT_ZIP", message: "不是有效的 .docx/.xlsx 文件（Office Open XML 压缩包）：\(detail)")
    }

    static func encrypted(_ detail: String) -> Self {
        .init(code: "TEMPLATE_ENCRYPTED", message: "文件已加密或设有打开密码：\(detail)。请取消密码后另存为 .docx/.xlsx 再上传")
    }

    static func tooManyEntries(_ count: Int, limit: Int) -> Self {
        .init(code: "TEMPLATE_TOO_MANY_ENTRIES", message: "压缩包内有 \(count) 个条目，超过上限 \(limit) 个")
    }

    static func zipBomb(_ detail: String) -> Self {
        .init(code: "TEMPLATE_ZIP_BOMB", message: "疑似压缩炸弹，已拒绝：\(detail)")
    }

    static func pathTraversal(_ name: String, _ why: String) -> Self {
        .init(code: "TEMPLATE_PATH_TRAVERSAL", message: "压缩包条目名“\(ZipEntryName.display(name))”不安全：\(why)")
    }

    static func missingPart(_ part: String, format: TemplateFormat) -> Self {
        .init(code: "TEMPLATE_MISSING_PART", message: "缺少必需部件 \(part)，不是完整的 \(format.title)")
    }

    static func wrongFormat(_ detail: String) -> Self { .init(code: "TEMPLATE_WRONG_FORMAT", message: detail) }

    static func macros(_ detail: String) -> Self {
        .init(code: "TEMPLATE_MACROS", message: "模板不得包含宏或可执行内容：\(detail)。请另存为不含宏的 .docx/.xlsx")
    }

    static func embeddedObject(_ detail: String) -> Self {
        .init(code: "TEMPLATE_EMBEDDED_OBJECT", message: "模板不得包含嵌入的 OLE 对象（嵌入的文件、工作簿或程序包）：\(detail)。请删除嵌入对象，需要的内容以文字或图片放入模板")
    }

    static func altChunk(_ detail: String) -> Self {
        .init(code: "TEMPLATE_ALT_CHUNK", message: "模板不得导入其他文档（altChunk）：\(detail)。请把需要的内容直接粘贴为文字后另存")
    }

    static func externalEntity(_ part: String) -> Self {
        .init(code: "TEMPLATE_EXTERNAL_ENTITY", message: "部件 \(ZipEntryName.display(part)) 含有 DOCTYPE/ENTITY 声明（可能是外部实体攻击），已拒绝")
    }

    static func externalLink(_ part: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_EXTERNAL_LINK", message: "部件 \(ZipEntryName.display(part)) 含有外部链接：\(detail)")
    }

    static func xmlInvalid(_ part: String, _ detail: String) -> Self {
        .init(code: "TEMPLATE_XML_INVALID", message: "部件 \(ZipEntryName.display(part)) 不是有效的 XML：\(detail)")
    }
}
