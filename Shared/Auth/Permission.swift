/// The permissions of seed 000 §4.2.2.4 and the administration the platform needs. Codes are stable API;
/// `title` is what people see.
public struct Permission: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    public var description: String { code }

    public static let recordsQuery = Permission("records.query")
    public static let recordsEdit = Permission("records.edit")
    public static let recordsEnter = Permission("records.enter")
    public static let recordsReview = Permission("records.review")
    public static let certificatesQuery = Permission("certificates.query")
    public static let certificatesEdit = Permission("certificates.edit")
    public static let certificatesApprove = Permission("certificates.approve")
    public static let certificatesVoid = Permission("certificates.void")
    public static let reportsQuery = Permission("reports.query")
    public static let reportsExport = Permission("reports.export")
    public static let devicesQuery = Permission("devices.query")
    public static let devicesManage = Permission("devices.manage")
    public static let usersManage = Permission("users.manage")
    /// Shows a person's full resident ID number (lists show it masked).
    public static let usersRevealID = Permission("users.reveal_id")
    public static let rolesManage = Permission("roles.manage")
    public static let setupManage = Permission("setup.manage")
    public static let templatesManage = Permission("templates.manage")
    public static let numberingManage = Permission("numbering.manage")
    public static let auditRead = Permission("audit.read")

    /// Every permission with its Chinese title, in display order.
    public static let catalogue: [(Permission, String)] = [
        (.recordsQuery, "原始记录查询"), (.recordsEdit, "原始记录编辑"), (.recordsEnter, "原始记录录入"), (.recordsReview, "原始记录审核"),
        (.certificatesQuery, "证书报告查询"), (.certificatesEdit, "证书报告编辑"), (.certificatesApprove, "证书报告审批"),
        (.certificatesVoid, "证书报告作废"), (.reportsQuery, "报表查询"), (.reportsExport, "报表导出"), (.devicesQuery, "设备查询"),
        (.devicesManage, "设备管理"), (.usersManage, "人员管理"), (.usersRevealID, "身份证号查看"), (.rolesManage, "角色与权限管理"), (.setupManage, "检测设置"),
        (.templatesManage, "模板管理"), (.numberingManage, "证书编号设置"), (.auditRead, "审计日志查阅"),
    ]

    /// Permissions that change nothing; a government supervisor (政府监督员) may hold only these.
    public static let readOnly: Set<Permission> = [.recordsQuery, .certificatesQuery, .reportsQuery, .reportsExport, .devicesQuery, .auditRead]

    public var isReadOnly: Bool { Self.readOnly.contains(self) }

    public var title: String? { Self.catalogue.first { $0.0 == self }?.1 }

    public static func known(_ code: String) -> Permission? {
        catalogue.first { $0.0.code == code }?.0
    }
}
