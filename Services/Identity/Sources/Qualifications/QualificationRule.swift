import Auth
import ServiceKit

/// 资质认证: whether a person may enter, review or approve records of a test item on a given day. Each step of a
/// record's workflow asks this; the answer names the rule that refused.
enum QualificationRule {
    struct Qualification: Sendable {
        var id: String
        var issuedOn: CalendarDay
        var expiresOn: CalendarDay
        var items: [String]
    }

    struct Decision: Sendable, Equatable {
        var allowed: Bool
        var reason: String
        var message: String
        var qualificationID: String

        static func refuse(_ reason: String, _ message: String) -> Decision {
            .init(allowed: false, reason: reason, message: message, qualificationID: "")
        }
    }

    /// The permission each action needs.
    static let actions: [String: (Permission, String)] = [
        "enter": (.recordsEnter, "录入"), "review": (.recordsReview, "核验"), "approve": (.certificatesApprove, "批准"),
    ]

    static func decide(
        status: String, permissions: Set<Permission>, approvedItems: Set<String>, qualifications: [Qualification], item: String, action: String,
        on day: CalendarDay
    ) -> Decision {
        guard let (permission, verb) = actions[action] else {
            return .refuse("QUALIFICATION_ACTION_INVALID", "操作必须是 enter（录入）、review（核验）或 approve（批准）")
        }
        guard status == "active" else { return .refuse("QUALIFICATION_USER_INACTIVE", "该人员账号已停用或删除") }
        guard permissions.contains(permission) else {
            return .refuse("QUALIFICATION_NO_PERMISSION", "该人员的角色没有“\(permission.title ?? permission.code)”权限，不能\(verb)")
        }
        guard approvedItems.contains(item) else {
            return .refuse("QUALIFICATION_ITEM_NOT_APPROVED", "检测项目“\(item)”不在该人员的核准开展项目中")
        }
        let covering = qualifications.filter { $0.items.contains(item) }
        guard !covering.isEmpty else { return .refuse("QUALIFICATION_MISSING", "该人员没有覆盖检测项目“\(item)”的资质证书") }
        if let valid = covering.filter({ $0.issuedOn <= day && day <= $0.expiresOn }).max(by: { $0.expiresOn < $1.expiresOn }) {
            return .init(allowed: true, reason: "", message: "资质有效，有效期至 \(valid.expiresOn)", qualificationID: valid.id)
        }
        if covering.allSatisfy({ day < $0.issuedOn }) {
            return .refuse("QUALIFICATION_NOT_YET_VALID", "该人员覆盖检测项目“\(item)”的资质证书在 \(day) 尚未生效")
        }
        let latest = covering.map(\.expiresOn).max()!
        return .refuse("QUALIFICATION_EXPIRED", "该人员覆盖检测项目“\(item)”的资质证书已于 \(latest) 过期")
    }
}
