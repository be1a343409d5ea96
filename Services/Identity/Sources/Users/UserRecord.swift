import Auth
import Contracts
import Foundation
import ServiceKit
import SwiftProtobuf

/// A person as stored, with the roles they hold, the permissions of those roles that are enabled, their approved
/// items and qualifications.
struct UserRecord: Sendable {
    var id: UUID
    var username: String
    var displayName: String
    var passwordHash: String
    /// active | disabled | deleted
    var status: String
    var createdAt: Date
    var updatedAt: Date
    var gender: String
    var birthMonth: String
    var idNumberMasked: String
    var education: String
    var professionalTitle: String
    var position: String
    var failedLogins: Int
    var lockedAt: Date?
    /// Access tokens issued at or before this second are refused.
    var tokensRevokedAt: Date?
    /// An administrator set the password; the user must change it before anything else (issue 14 §10).
    var mustChangePassword: Bool
    /// 监管区域 (GB/T 2260 prefix) of a government supervisor; "" for none (`SupervisionRegion`).
    var supervisionRegion: String = ""
    var roles: [String]
    var permissions: [String]
    var approvedItems: [String]
    var qualifications: [QualificationRecord] = []

    var idString: String { id.uuidString.lowercased() }
    var isActive: Bool { status == "active" }

    /// Locked after too many failed logins, until an administrator unlocks or `lockout` has passed (0: no expiry).
    func isLocked(now: Date = Date(), lockout: Duration) -> Bool {
        guard let lockedAt else { return false }
        return lockout == .zero || lockedAt.addingTimeInterval(Double(lockout.components.seconds)) > now
    }

    func message(lockout: Duration) -> Metrology_Identity_V1_User {
        var user = Metrology_Identity_V1_User()
        user.id = idString
        user.username = username
        user.displayName = displayName
        user.roles = roles
        user.permissions = permissions
        user.disabled = !isActive
        user.status = status
        user.locked = isLocked(lockout: lockout)
        user.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        user.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        user.gender = gender
        user.birthMonth = birthMonth
        user.idNumberMasked = idNumberMasked
        user.education = education
        user.professionalTitle = professionalTitle
        user.position = position
        user.approvedItems = approvedItems
        user.supervisionRegion = supervisionRegion
        user.qualifications = qualifications.map(\.message)
        return user
    }
}

struct QualificationRecord: Sendable {
    var id: UUID
    var userID: UUID
    var certificateNo: String
    var issuedOn: String
    var issuer: String
    var expiresOn: String
    var items: [String]

    var rule: QualificationRule.Qualification? {
        guard let issued = CalendarDay(issuedOn), let expires = CalendarDay(expiresOn) else { return nil }
        return .init(id: id.uuidString.lowercased(), issuedOn: issued, expiresOn: expires, items: items)
    }

    var message: Metrology_Identity_V1_Qualification {
        var qualification = Metrology_Identity_V1_Qualification()
        qualification.id = id.uuidString.lowercased()
        qualification.certificateNo = certificateNo
        qualification.issuedOn = issuedOn
        qualification.issuer = issuer
        qualification.expiresOn = expiresOn
        qualification.items = items
        let today = CalendarDay.today
        qualification.valid = rule.map { $0.issuedOn <= today && today <= $0.expiresOn } ?? false
        return qualification
    }
}
