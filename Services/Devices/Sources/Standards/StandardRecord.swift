import Contracts
import Foundation
import ServiceKit
import SwiftProtobuf

/// A measurement standard or piece of equipment as stored, with its checks and current correction factors.
struct StandardRecord: Sendable {
    var id: UUID
    var code: String
    var name: String
    var model: String
    var serialNumber: String
    var measuringRange: String
    var accuracy: String
    /// standard | equipment
    var kind: String
    /// 标准类别: the kind of standard as procedures name their needs (e.g. metal_measure); "" when not set.
    var category: String = ""
    /// in_use | stopped | quarantined | retired
    var status: String
    var statusReason: String
    var quarantinedAt: Date?
    var certificate: StandardCertificate?
    var createdAt: Date
    var updatedAt: Date
    var correctionVersion: Int = 0
    var correctionFactors: [StandardCorrectionFactor] = []
    /// Newest first.
    var checks: [StandardCheckRecord] = []

    var idString: String { id.uuidString.lowercased() }

    /// The certificate's state on `today` (see `StandardCertificate.state`).
    func message(today: CalendarDay = .today) -> Metrology_Devices_V1_Standard {
        var standard = Metrology_Devices_V1_Standard()
        standard.id = idString
        standard.code = code
        standard.name = name
        standard.model = model
        standard.serialNumber = serialNumber
        standard.measuringRange = measuringRange
        standard.accuracy = accuracy
        standard.kind = kind
        standard.category = category
        standard.status = status
        standard.statusReason = statusReason
        if let certificate {
            standard.certificate = certificate.message
            let state = certificate.state(on: today)
            standard.expired = state.expired
            standard.expiringSoon = state.expiringSoon
        }
        standard.checks = checks.map(\.message)
        standard.correctionVersion = Int32(correctionVersion)
        standard.correctionFactors = correctionFactors.map(\.message)
        standard.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        standard.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        return standard
    }
}

/// A calibration or verification certificate (检定/校准证书); dates are "YYYY-MM-DD".
struct StandardCertificate: Sendable, Equatable {
    var number: String
    var issuer: String
    var issuedOn: CalendarDay
    var validUntil: CalendarDay

    /// Days before expiry within which a certificate counts as expiring soon.
    static let expiringWindow = 30

    /// expired: valid until a day before `today`; expiringSoon: not expired and valid until at most `today` + 30 days.
    func state(on today: CalendarDay) -> (expired: Bool, expiringSoon: Bool) {
        let expired = validUntil < today
        return (expired, !expired && validUntil <= today.adding(days: Self.expiringWindow))
    }

    var message: Metrology_Devices_V1_CalibrationCertificate {
        var certificate = Metrology_Devices_V1_CalibrationCertificate()
        certificate.number = number
        certificate.issuer = issuer
        certificate.issuedOn = issuedOn.description
        certificate.validUntil = validUntil.description
        return certificate
    }
}

struct StandardCheckRecord: Sendable {
    var id: UUID
    var standardID: UUID
    var checkedOn: String
    /// pass | fail
    var result: String
    var note: String
    var checkedBy: String
    var checkedByName: String

    var message: Metrology_Devices_V1_IntermediateCheck {
        var check = Metrology_Devices_V1_IntermediateCheck()
        check.id = id.uuidString.lowercased()
        check.checkedOn = checkedOn
        check.result = result
        check.note = note
        check.checkedBy = checkedBy
        check.checkedByName = checkedByName
        return check
    }
}

struct StandardCorrectionFactor: Sendable, Equatable {
    var point: String
    /// Decimal text exactly as entered.
    var value: String
    var unit: String

    var message: Metrology_Devices_V1_CorrectionFactor {
        var factor = Metrology_Devices_V1_CorrectionFactor()
        factor.point = point
        factor.value = value
        factor.unit = unit
        return factor
    }
}

struct StandardCorrectionVersionRecord: Sendable {
    var version: Int
    var factors: [StandardCorrectionFactor]
    var reason: String
    var changedBy: String
    var changedByName: String
    var changedAt: Date

    var message: Metrology_Devices_V1_CorrectionFactorVersion {
        var version = Metrology_Devices_V1_CorrectionFactorVersion()
        version.version = Int32(self.version)
        version.factors = factors.map(\.message)
        version.reason = reason
        version.changedBy = changedBy
        version.changedByName = changedByName
        version.changedAt = Google_Protobuf_Timestamp(date: changedAt)
        return version
    }
}

extension CalendarDay {
    /// The day `days` later (earlier when negative), by the proleptic Gregorian calendar.
    func adding(days: Int) -> CalendarDay {
        let (y, m, d) = Self.civil(fromDayNumber: dayNumber + days)
        return CalendarDay(String(format: "%04d-%02d-%02d", y, m, d)) ?? self
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDayNumber number: Int) -> (Int, Int, Int) {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
