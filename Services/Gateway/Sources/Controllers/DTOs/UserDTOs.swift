import Contracts
import Foundation

// People (人员管理): the user shape every route returns, and the bodies of the user routes.

struct UserDTO: Codable, Sendable {
    var id: String
    var username: String
    var displayName: String
    var roles: [String]
    var permissions: [String]
    var disabled: Bool
    var createdAt: String?
    var gender: String
    /// YYYY-MM
    var birthMonth: String
    /// The full number only through `GET /v1/users/{id}/id-number`, which is audited.
    var idNumberMasked: String
    var education: String
    var professionalTitle: String
    var position: String
    var status: String
    var locked: Bool
    var updatedAt: String?
    var qualifications: [QualificationDTO]
    var approvedItems: [String]

    init(_ user: Metrology_Identity_V1_User) {
        id = user.id
        username = user.username
        displayName = user.displayName
        roles = user.roles
        permissions = user.permissions
        disabled = user.disabled
        createdAt = user.hasCreatedAt ? RFC3339.string(user.createdAt) : nil
        gender = user.gender
        birthMonth = user.birthMonth
        idNumberMasked = user.idNumberMasked
        education = user.education
        professionalTitle = user.professionalTitle
        position = user.position
        status = user.status
        locked = user.locked
        updatedAt = user.hasUpdatedAt ? RFC3339.string(user.updatedAt) : nil
        qualifications = user.qualifications.map(QualificationDTO.init)
        approvedItems = user.approvedItems
    }
}

struct QualificationDTO: Codable, Sendable {
    var id: String
    var certificateNo: String
    var issuedOn: String
    var issuer: String
    var expiresOn: String
    var items: [String]
    var valid: Bool

    init(_ qualification: Metrology_Identity_V1_Qualification) {
        id = qualification.id
        certificateNo = qualification.certificateNo
        issuedOn = qualification.issuedOn
        issuer = qualification.issuer
        expiresOn = qualification.expiresOn
        items = qualification.items
        valid = qualification.valid
    }
}

struct UserPageDTO: Codable, Sendable {
    var users: [UserDTO]
    var total: Int64
    var page: Int32
    var pageSize: Int32
}

/// Only the account, its password and the name are required; the service validates the rest.
struct CreateUserBody: Codable, Sendable {
    var username: String
    var password: String
    var displayName: String
    var gender: String?
    var birthMonth: String?
    var idNumber: String?
    var education: String?
    var professionalTitle: String?
    var position: String?
    var roles: [String]?
    /// The user must change this password at their first login; absent means true.
    var requirePasswordChange: Bool?
}

/// PATCH semantics: an absent (or null) field stays as it is.
struct UpdateUserBody: Codable, Sendable {
    var displayName: String?
    var gender: String?
    var birthMonth: String?
    var idNumber: String?
    var education: String?
    var professionalTitle: String?
    var position: String?
    /// Present → the user's roles become exactly these (an empty list removes all).
    var roles: [String]?
    /// An administrator's reset; the user's sessions end.
    var password: String?
    /// With `password`: the user must change it at their next login; absent means true.
    var requirePasswordChange: Bool?
}

/// The optional body of disable / enable / unlock: why, for the audit trail.
struct ReasonBody: Codable, Sendable {
    var reason: String?
}

struct IdNumberDTO: Codable, Sendable {
    var idNumber: String
}
