/// Bookmarks (Word) or names (Excel) the platform fills itself rather than from a data item: signatures, the seal,
/// the numbers and the QR code. The names are fixed and matched case-insensitively, as Word and Excel do.
public enum TemplateReservedRole: String, Sendable, Hashable, CaseIterable {
    case signTester = "SIGN_TESTER"
    case signReviewer = "SIGN_REVIEWER"
    case signApprover = "SIGN_APPROVER"
    case seal = "SEAL"
    case certificateNumber = "CERT_NO"
    case qrCode = "QR_CODE"
    case recordNumber = "RECORD_NO"

    /// The bookmark name template authors type.
    public var bookmarkName: String { rawValue }

    /// What the platform puts there, as shown to template authors.
    public var title: String {
        switch self {
        case .signTester: "检定/校准员签名"
        case .signReviewer: "核验员签名"
        case .signApprover: "批准人签名"
        case .seal: "印章"
        case .certificateNumber: "证书编号"
        case .qrCode: "二维码"
        case .recordNumber: "原始记录编号"
        }
    }

    /// The role a bookmark name stands for, if it is reserved.
    public init?(bookmarkName name: String) {
        guard let role = Self(rawValue: name.uppercased()) else { return nil }
        self = role
    }
}
