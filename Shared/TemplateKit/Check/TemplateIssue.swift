/// One finding of `TemplateCheck`. Errors block the import; warnings are shown and the template is stored.
public struct TemplateIssue: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// The bookmark (or name) concerned, or the data item code ("readings.value" for a table column).
    public var field: String
    /// Stable: TEMPLATE_UNKNOWN_BOOKMARK, TEMPLATE_ITEM_WITHOUT_BOOKMARK … (see `TemplateCheck`).
    public var code: String
    /// Chinese, for the template author; it does not repeat `location`, which callers show alongside.
    public var message: String
    /// Where the bookmark is, when the issue is about one.
    public var location: String?

    public init(severity: Severity, field: String, code: String, message: String, location: String? = nil) {
        self.severity = severity
        self.field = field
        self.code = code
        self.message = message
        self.location = location
    }
}

/// The outcome of `TemplateCheck.check`.
public struct TemplateCheckResult: Sendable, Hashable {
    public var issues: [TemplateIssue]
    /// The reserved bookmarks found (SIGN_TESTER, CERT_NO …), in document order.
    public var reserved: [TemplateField]

    public init(issues: [TemplateIssue], reserved: [TemplateField]) {
        self.issues = issues
        self.reserved = reserved
    }

    /// No errors: the template may be stored (warnings are allowed).
    public var ok: Bool { !issues.contains { $0.severity == .error } }
    public var errors: [TemplateIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [TemplateIssue] { issues.filter { $0.severity == .warning } }
}
