import Foundation
import RPCCore

/// The refusals of the reports service; every reason starts with REPORTS_. Each is INVALID_ARGUMENT (or the code
/// named) with a Chinese message and, where a request field is at fault, `details["field"]`.
enum ReportsErrors {
    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message, reason: reason, details: ["field": field])
    }

    static func unknownField(_ code: String, at path: String) -> RPCError {
        invalid(path, "没有名为“\(code.prefix(64))”的报表字段", "REPORTS_FIELD_UNKNOWN")
    }

    static func operation(_ op: String, title: String, at path: String) -> RPCError {
        invalid(path, "字段“\(title)”不能使用“\(op.prefix(32))”条件", "REPORTS_FILTER_OP_INVALID")
    }

    static func value(_ value: String, title: String, expected: String, at path: String) -> RPCError {
        invalid(path, "字段“\(title)”的条件值“\(value.prefix(64))”不是\(expected)", "REPORTS_FILTER_VALUE_INVALID")
    }

    static func valueCount(title: String, expected: String, at path: String) -> RPCError {
        invalid(path, "字段“\(title)”的条件需要\(expected)", "REPORTS_FILTER_VALUE_COUNT")
    }

    static func tooMany(_ field: String, what: String, limit: Int) -> RPCError {
        invalid(field, "\(what)不能超过 \(limit) 个", "REPORTS_QUERY_TOO_LARGE")
    }

    static let pageSize = invalid("pageSize", "每页条数必须在 1 到 500 之间", "PAGE_SIZE_INVALID")
    static let reportNotFound = RPCError.notFound("报表定义不存在", reason: "REPORTS_REPORT_NOT_FOUND")
    static let exportNotFound = RPCError.notFound("导出文件不存在或已过期，请重新导出", reason: "REPORTS_EXPORT_NOT_FOUND")
    static let exportTooLarge = RPCError(
        code: .failedPrecondition, message: "导出结果超过 \(ExportLimits.maxRows) 行，请增加查询条件后再导出", reason: "REPORTS_EXPORT_TOO_LARGE")
    static let rebuildRunning = RPCError(code: .failedPrecondition, message: "读模型正在重建，请稍后再试", reason: "REPORTS_REBUILD_RUNNING")
}
