import RPCCore

/// The whitelist of report fields (§4.2.5.3 a–g): the records' and certificates' own, then the procedures' data items
/// seen so far (`data_fields`). A request naming anything else is refused with REPORTS_FIELD_UNKNOWN.
struct ReportFieldCatalog: Sendable {
    let fields: [ReportFieldDefinition]
    private let byCode: [String: ReportFieldDefinition]

    init(dataItems: [ReportFieldDefinition] = []) {
        fields = Self.fixed + dataItems
        byCode = Dictionary(fields.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field `code` names; `path` is the request field to blame (e.g. `filters[2].field`).
    func field(_ code: String, at path: String) throws(RPCError) -> ReportFieldDefinition {
        guard let field = byCode[code] else { throw ReportsErrors.unknownField(code, at: path) }
        return field
    }

    static let defaultColumns = [
        "raw_record_number", "item_name", "instrument_name", "instrument_model", "instrument_serial", "instrument_manufacturer", "customer_name",
        "test_date", "conclusion", "certificate_number", "state",
    ]

    static let stateOptions: [(value: String, title: String)] = [
        ("submitted", "待核验"), ("returned", "已退回"), ("reviewed", "待批准"), ("approved", "已批准"), ("issued", "已签发"), ("voided", "已作废"),
    ]
    static let useOptions: [(value: String, title: String)] = [
        ("trade", "贸易结算"), ("safety", "安全防护"), ("medical", "医疗卫生"), ("environment", "环境监测"),
    ]
    static let kindOptions: [(value: String, title: String)] = [("certificate", "检定证书"), ("notice", "检定结果通知书")]
    static let booleanOptions: [(value: String, title: String)] = [("true", "是"), ("false", "否")]

    private static func field(
        _ code: String, _ title: String, _ kind: ReportFieldKind, _ group: String, options: [(value: String, title: String)] = [],
        from data: (value: String, title: String)? = nil
    ) -> ReportFieldDefinition {
        let options = kind == .boolean && options.isEmpty ? booleanOptions : options
        return ReportFieldDefinition(
            code: code, title: title, kind: kind, group: group, source: .column(code), options: options, optionsFromData: data)
    }

    static let fixed: [ReportFieldDefinition] = [
        // a) 计量器具
        field("instrument_name", "计量器具名称", .text, "计量器具"),
        field("instrument_accuracy_class", "准确度等级", .text, "计量器具"),
        field("instrument_model", "型号规格", .text, "计量器具"),
        field("instrument_serial", "出厂编号", .text, "计量器具"),
        field("instrument_manufacture_date", "出厂日期", .date, "计量器具"),
        // b) 制造单位
        field("instrument_manufacturer", "制造单位", .text, "计量器具"),
        field("instrument_range", "测量范围", .text, "计量器具"),
        field("instrument_place", "使用地点", .text, "计量器具"),
        field("instrument_mandatory", "强制检定", .boolean, "计量器具"),
        field("instrument_use", "强检用途", .enumeration, "计量器具", options: useOptions),
        // c) 委托方
        field("customer_name", "委托方名称", .text, "委托方"),
        field("customer_address", "委托方地址", .text, "委托方"),
        field("customer_credit_code", "统一社会信用代码", .text, "委托方"),
        field("customer_region_code", "行政区划", .enumeration, "委托方", from: ("customer_region_code", "customer_region_name")),
        // d) 证书报告
        field("certificate_number", "证书编号", .text, "证书报告"),
        field("certificate_kind", "证书类型", .enumeration, "证书报告", options: kindOptions),
        field("issued_at", "签发时间", .datetime, "证书报告"),
        field("approved_at", "批准时间", .datetime, "证书报告"),
        field("valid_until", "有效期至", .date, "证书报告"),
        field("voided_at", "作废时间", .datetime, "证书报告"),
        field("void_reason", "作废原因", .text, "证书报告"),
        // e) 结论
        field("conclusion", "检定结论", .enumeration, "检定结果", from: ("conclusion", "conclusion")),
        field("passed", "是否合格", .boolean, "检定结果"),
        // f) 人员
        field("tester_name", "检定员（主检）", .text, "检测人员"),
        field("reviewer_name", "核验员", .text, "检测人员"),
        field("approver_name", "批准人", .text, "检测人员"),
        // g) 其他: the task
        field("raw_record_number", "原始记录编号", .text, "检定任务"),
        field("commission_number", "委托单号", .text, "检定任务"),
        field("item_id", "检定项目", .enumeration, "检定任务", from: ("item_id", "item_name")),
        field("item_code", "项目代码", .text, "检定任务"),
        field("item_name", "项目名称", .text, "检定任务"),
        field("type_code", "检定类别", .enumeration, "检定任务", from: ("type_code", "type_title")),
        field("procedure_version", "规程版本", .number, "检定任务"),
        field("state", "状态", .enumeration, "检定任务", options: stateOptions),
        field("test_date", "检定日期", .date, "检定任务"),
        field("submitted_at", "提交时间", .datetime, "检定任务"),
        field("reviewed_at", "核验时间", .datetime, "检定任务"),
    ]
}
