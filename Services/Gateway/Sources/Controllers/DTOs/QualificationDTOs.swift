import Contracts
import Foundation

// Qualifications (资质) and approved items (核准开展项目) of a person, and the check records make before a step.

/// Dates are "YYYY-MM-DD"; the identity service validates them.
struct AddQualificationBody: Codable, Sendable {
    var certificateNo: String
    var issuedOn: String
    var issuer: String
    var expiresOn: String
    var items: [String]
}

struct ApprovedItemsBody: Codable, Sendable {
    var items: [String]
}

struct QualificationCheckDTO: Codable, Sendable {
    var allowed: Bool
    /// Stable code when refused, e.g. QUALIFICATION_EXPIRED; empty when allowed.
    var reason: String
    var message: String
    var qualificationId: String

    init(_ response: Metrology_Identity_V1_CheckQualificationResponse) {
        allowed = response.allowed
        reason = response.reason
        message = response.message
        qualificationId = response.qualificationID
    }
}
