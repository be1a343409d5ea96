import Foundation
import RPCCore

/// One problem of an import file: the Excel row (1-based, as shown), the column letter ("" when the column is
/// missing altogether), the column's title, a Chinese reason and its stable code.
struct ImportViolation: Sendable, Equatable, Encodable {
    var row: Int
    var column: String
    var title: String
    var reason: String
    var code: String

    /// How many are listed in the refusal's details (all are counted): the reply stays small for a sheet whose
    /// every cell is wrong.
    static let listed = 500

    /// INVALID_ARGUMENT RECORDS_LEDGER_IMPORT_INVALID: nothing was imported. `details["violations"]` is a JSON array
    /// of {"row","column","title","reason","code"} (the first `listed`), `details["count"]` how many there are.
    static func refusal(_ violations: [ImportViolation]) -> RPCError {
        let sorted = violations.sorted { ($0.row, $0.column.count, $0.column) < ($1.row, $1.column.count, $1.column) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(Array(sorted.prefix(listed)))).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        let first = sorted.prefix(3).map { violation in
            "第 \(violation.row) 行" + (violation.column.isEmpty ? "" : " \(violation.column) 列") + "（\(violation.title)）：\(violation.reason)"
        }
        let more = sorted.count > 3 ? "等" : ""
        return RPCError(
            code: .invalidArgument,
            message: "导入文件中有 \(sorted.count) 处错误，未导入任何器具：\(first.joined(separator: "；"))\(more)。请改正后重新导入",
            reason: "RECORDS_LEDGER_IMPORT_INVALID", details: ["violations": json, "count": "\(sorted.count)"])
    }
}
