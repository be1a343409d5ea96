import RPCCore

/// The evaluation's refusals; every reason starts with REPORTS_EVALUATION_.
enum EvaluationErrors {
    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message, reason: reason, details: ["field": field])
    }

    static let dimension = invalid(
        "dimension", "分组方式应为 item、manufacturer、model、manufacture_year、region、use 或 customer", "REPORTS_EVALUATION_DIMENSION_INVALID")
    static let date = invalid("fromDate", "日期应为 YYYY-MM-DD", "REPORTS_EVALUATION_DATE_INVALID")
    static let confidence = invalid("confidence", "置信水平应在 0.5 到 0.999 之间（如 0.95）", "REPORTS_EVALUATION_CONFIDENCE_INVALID")
    static let region = invalid("regionPrefix", "行政区划代码前缀应为 2、4 或 6 位数字", "REPORTS_EVALUATION_REGION_INVALID")
    static let use = invalid("use", "强检用途应为 trade、safety、medical 或 environment", "REPORTS_EVALUATION_USE_INVALID")
    static let tooLong = invalid("query", "筛选条件过长（每项至多 200 字）", "REPORTS_EVALUATION_FILTER_TOO_LONG")
    static let customerForbidden = RPCError(
        code: .permissionDenied, message: "按委托方查看需要“记录查询”权限（records.query）", reason: "REPORTS_EVALUATION_CUSTOMER_FORBIDDEN")
    static let instrumentRequired = invalid("instrumentId", "请指定计量器具", "REPORTS_EVALUATION_INSTRUMENT_REQUIRED")
    static let errorItemRequired = invalid(
        "errorItem", "请指定示值误差数据项，以及最大允许误差数据项或数值", "REPORTS_EVALUATION_DRIFT_ITEMS_REQUIRED")
}
