import Contracts

/// Whether a procedure may be published: every data item well formed, every formula compiles against the others,
/// the ten header fields are there, there is something to measure and exactly one overall conclusion.
enum ProcedureValidator {
    static func validate(_ items: [Metrology_Flows_V1_DataItem]) -> Metrology_Flows_V1_ProcedureValidation {
        var issues = DataItemRules.issues(of: items)
        if issues.isEmpty { issues += FormulaBridge.check(items) }
        let headers = Set(items.map(\.headerField))
        for header in HeaderFields.all where !headers.contains(header.field) {
            issues.append(.error(item: "", code: "FLOWS_HEADER_FIELD_MISSING", message: "缺少通用基本信息项“\(header.title)”（§4.2.3.4 a）"))
        }
        if !items.contains(where: { $0.section == "measurement" && ["number", "table"].contains($0.kind) }) {
            issues.append(.error(item: "", code: "FLOWS_NO_MEASUREMENT", message: "检测流程至少需要一个原始数据录入项（数值或读数表）"))
        }
        let conclusions = items.filter { $0.kind == "conclusion" }
        if conclusions.isEmpty {
            issues.append(.error(item: "", code: "FLOWS_CONCLUSION_MISSING", message: "检测流程需要一个综合结论项"))
        } else if conclusions.count > 1 {
            issues.append(.error(item: conclusions[1].code, code: "FLOWS_CONCLUSION_DUPLICATE", message: "检测流程只能有一个综合结论项"))
        }
        if !items.contains(where: { $0.kind == "judgement" }) {
            issues.append(.warning(item: "", code: "FLOWS_NO_JUDGEMENT", message: "检测流程没有单项判定，结论将不依据逐点判定"))
        }
        var validation = Metrology_Flows_V1_ProcedureValidation()
        validation.issues = issues
        validation.ok = !issues.contains { $0.severity == "error" }
        return validation
    }
}
