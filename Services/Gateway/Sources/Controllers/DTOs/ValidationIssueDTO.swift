import Contracts

/// One issue of a template check (TemplatesController). Procedure validation and formula evaluation, which answered
/// it too, are served through the generated FlowsAPI now; this goes when the template routes are generated as well.
struct ValidationIssueDTO: Codable, Sendable {
    /// error | warning
    var severity: String
    var itemCode: String
    var code: String
    var message: String
    /// 1-based position in the item's formula, and the length of the bad part; 0 when not a formula error.
    var line: Int32
    var column: Int32
    var length: Int32

    init(_ issue: Metrology_Flows_V1_ValidationIssue) {
        severity = issue.severity
        itemCode = issue.itemCode
        code = issue.code
        message = issue.message
        line = issue.line
        column = issue.column
        length = issue.length
    }
}
