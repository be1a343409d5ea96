import Contracts
import Foundation

// Measurement standards and equipment (计量标准器具与配套设备): the standard shape every route answers and the route
// bodies. Dates are "YYYY-MM-DD" strings and the devices service validates them, as it does kinds, statuses and results.

struct CertificateDTO: Codable, Sendable {
    var number: String
    var issuer: String
    var issuedOn: String
    var validUntil: String

    init(_ certificate: Metrology_Devices_V1_CalibrationCertificate) {
        number = certificate.number
        issuer = certificate.issuer
        issuedOn = certificate.issuedOn
        validUntil = certificate.validUntil
    }

    var message: Metrology_Devices_V1_CalibrationCertificate {
        var certificate = Metrology_Devices_V1_CalibrationCertificate()
        certificate.number = number
        certificate.issuer = issuer
        certificate.issuedOn = issuedOn
        certificate.validUntil = validUntil
        return certificate
    }
}

struct IntermediateCheckDTO: Codable, Sendable {
    var id: String
    var checkedOn: String
    /// pass | fail
    var result: String
    var note: String
    var checkedBy: String
    var checkedByName: String

    init(_ check: Metrology_Devices_V1_IntermediateCheck) {
        id = check.id
        checkedOn = check.checkedOn
        result = check.result
        note = check.note
        checkedBy = check.checkedBy
        checkedByName = check.checkedByName
    }
}

/// `value` is decimal text, never a JSON number: a correction factor must come back exactly as entered ("1.0020"
/// keeps its trailing zero), which a binary floating-point number would not guarantee. A number in a request body
/// is therefore a 400 rather than silently converted.
struct CorrectionFactorDTO: Codable, Sendable {
    var point: String
    var value: String
    /// "" for a dimensionless factor.
    var unit: String

    init(_ factor: Metrology_Devices_V1_CorrectionFactor) {
        point = factor.point
        value = factor.value
        unit = factor.unit
    }

    var message: Metrology_Devices_V1_CorrectionFactor {
        var factor = Metrology_Devices_V1_CorrectionFactor()
        factor.point = point
        factor.value = value
        factor.unit = unit
        return factor
    }
}

struct StandardDTO: Codable, Sendable {
    var id: String
    /// The lab's unique identifier (管理编号).
    var code: String
    var name: String
    var model: String
    var serialNumber: String
    var measuringRange: String
    var accuracy: String
    /// standard (计量标准器具) | equipment (配套设备)
    var kind: String
    /// in_use | stopped | quarantined | retired
    var status: String
    var statusReason: String
    /// Absent until a certificate is recorded.
    var certificate: CertificateDTO?
    var checks: [IntermediateCheckDTO]
    /// 0 when no factors were ever set.
    var correctionVersion: Int32
    var correctionFactors: [CorrectionFactorDTO]
    var expiringSoon: Bool
    var expired: Bool
    var createdAt: String?
    var updatedAt: String?

    init(_ standard: Metrology_Devices_V1_Standard) {
        id = standard.id
        code = standard.code
        name = standard.name
        model = standard.model
        serialNumber = standard.serialNumber
        measuringRange = standard.measuringRange
        accuracy = standard.accuracy
        kind = standard.kind
        status = standard.status
        statusReason = standard.statusReason
        certificate = standard.hasCertificate ? CertificateDTO(standard.certificate) : nil
        checks = standard.checks.map(IntermediateCheckDTO.init)
        correctionVersion = standard.correctionVersion
        correctionFactors = standard.correctionFactors.map(CorrectionFactorDTO.init)
        expiringSoon = standard.expiringSoon
        expired = standard.expired
        createdAt = standard.hasCreatedAt ? RFC3339.string(standard.createdAt) : nil
        updatedAt = standard.hasUpdatedAt ? RFC3339.string(standard.updatedAt) : nil
    }
}

struct StandardPageDTO: Codable, Sendable {
    var standards: [StandardDTO]
    var total: Int64
    var page: Int32
    var pageSize: Int32
}

/// The code and the name identify a standard; the rest may follow by PATCH, and the certificate by its own route.
struct CreateStandardBody: Codable, Sendable {
    var code: String
    var name: String
    var model: String?
    var serialNumber: String?
    var measuringRange: String?
    var accuracy: String?
    /// standard | equipment; absent means standard, and the service refuses anything else.
    var kind: String?
    var certificate: CertificateDTO?
}

/// PATCH semantics: an absent (or null) field stays as it is. The code and kind do not change after creation, and
/// status, certificate and factors have routes of their own that keep their history.
struct UpdateStandardBody: Codable, Sendable {
    var name: String?
    var model: String?
    var serialNumber: String?
    var measuringRange: String?
    var accuracy: String?
}

struct SetStandardStatusBody: Codable, Sendable {
    /// in_use | stopped | quarantined | retired
    var status: String
    var reason: String?
}

struct AddIntermediateCheckBody: Codable, Sendable {
    var checkedOn: String
    /// pass | fail; a failed check quarantines the standard.
    var result: String
    var note: String?
}

struct SetCorrectionFactorsBody: Codable, Sendable {
    /// Replaces the whole set as a new version; earlier versions are kept.
    var factors: [CorrectionFactorDTO]
    var reason: String?
}

struct CorrectionFactorVersionDTO: Codable, Sendable {
    var version: Int32
    var factors: [CorrectionFactorDTO]
    var reason: String
    var changedBy: String
    var changedByName: String
    var changedAt: String?

    init(_ version: Metrology_Devices_V1_CorrectionFactorVersion) {
        self.version = version.version
        factors = version.factors.map(CorrectionFactorDTO.init)
        reason = version.reason
        changedBy = version.changedBy
        changedByName = version.changedByName
        changedAt = version.hasChangedAt ? RFC3339.string(version.changedAt) : nil
    }
}

struct CorrectionFactorVersionListDTO: Codable, Sendable {
    var versions: [CorrectionFactorVersionDTO]
}

struct CheckUsabilityBody: Codable, Sendable {
    var standardIds: [String]
    /// YYYY-MM-DD; today when absent.
    var onDate: String?
}

/// A standard that may not be used is an answer (usable: false with a reason), not an error.
struct StandardUsabilityDTO: Codable, Sendable {
    var standardId: String
    var usable: Bool
    /// Stable code when not usable, e.g. STANDARD_EXPIRED; empty when usable.
    var reason: String
    var message: String

    init(_ usability: Metrology_Devices_V1_StandardUsability) {
        standardId = usability.standardID
        usable = usability.usable
        reason = usability.reason
        message = usability.message
    }
}

struct StandardUsabilityListDTO: Codable, Sendable {
    var results: [StandardUsabilityDTO]
    var allUsable: Bool
}
