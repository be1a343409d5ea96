/// What a template is for: the raw record (原始记录, §4.3.6), the certificate or report (证书报告, §4.3.7) or the
/// notice of verification result (检定结果通知书). The kind decides which reserved bookmarks are expected.
public enum TemplateKind: String, Sendable, Hashable, CaseIterable {
    case rawRecord = "raw_record"
    case certificate
    case notice

    /// The reserved bookmarks a template of this kind is expected to carry; a missing one is a warning, not an
    /// error, because a lab may e.g. print the seal physically.
    public var expectedReserved: [TemplateReservedRole] {
        switch self {
        case .rawRecord: [.recordNumber, .signTester, .signReviewer]
        case .certificate: [.certificateNumber, .signTester, .signReviewer, .signApprover, .seal, .qrCode]
        case .notice: [.certificateNumber, .signTester, .signReviewer, .signApprover, .seal]
        }
    }

    var title: String {
        switch self {
        case .rawRecord: "原始记录模板"
        case .certificate: "证书报告模板"
        case .notice: "检定结果通知书模板"
        }
    }
}
