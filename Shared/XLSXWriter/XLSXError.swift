/// Why a sheet could not be written. `code` is stable; `message` is Chinese text for the operator. Errors of the zip
/// layer (`ZipStreamError`) and of the sink pass through unchanged.
public struct XLSXError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static let allCodes: [String] = [
        "XLSX_SHEET_NAME_INVALID", "XLSX_NO_COLUMNS", "XLSX_TOO_MANY_COLUMNS", "XLSX_TOO_MANY_ROWS", "XLSX_ALREADY_FINISHED",
    ]

    static func sheetNameInvalid(_ name: String) -> Self {
        .init(code: "XLSX_SHEET_NAME_INVALID", message: "工作表名“\(name)”无效：须为 1–31 个字符，不含 [ ] : * ? / \\，且不以单引号开头或结尾")
    }

    static let noColumns = Self(code: "XLSX_NO_COLUMNS", message: "工作表至少要有一列")

    static func tooManyColumns(_ count: Int) -> Self {
        .init(code: "XLSX_TOO_MANY_COLUMNS", message: "共 \(count) 列，超过 Excel 的上限 16384 列")
    }

    static let tooManyRows = Self(code: "XLSX_TOO_MANY_ROWS", message: "行数超过 Excel 的上限 1048576 行（含表头），请缩小导出范围")

    static let alreadyFinished = Self(code: "XLSX_ALREADY_FINISHED", message: "工作簿已写完，不能再写入")
}
