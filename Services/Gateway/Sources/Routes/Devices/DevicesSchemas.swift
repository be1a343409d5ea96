import Contracts
import DevicesAPI
import Foundation
import GatewayAPISupport
import SwiftProtobuf

// The devices service's protobuf messages as the document's schemas (Components.Schemas of DevicesAPI), and the
// request schemas back as messages. Times are Dates (RFC 3339 in JSON, see APIConfiguration); a timestamp that is
// unset (never enabled or disabled, no key, never updated) is absent, not empty or 1970. Dates of certificates and
// checks are "YYYY-MM-DD" strings the service validates.

extension Components.Schemas.Device {
    init(_ device: Metrology_Devices_V1_Device) {
        self.init(
            id: device.id, imei: device.imei, name: device.name, model: device.model, os: device.os, appVersion: device.appVersion,
            status: .init(device.status), firstSeen: device.hasFirstSeen ? device.firstSeen.date : nil,
            lastSeen: device.hasLastSeen ? device.lastSeen.date : nil, lastUserId: device.lastUserID, lastUsername: device.lastUsername,
            statusChangedBy: device.statusChangedBy, statusChangedByName: device.statusChangedByName,
            statusChangedAt: device.hasStatusChangedAt ? device.statusChangedAt.date : nil, statusReason: .init(device.statusReason),
            statusNote: device.statusNote, keyId: device.keyID, keyFingerprint: device.keyFingerprint,
            keyRegisteredAt: device.hasKeyRegisteredAt ? device.keyRegisteredAt.date : nil,
            // A device stored before app installs existed has no kind: it is a native one.
            kind: .init(device.kind.isEmpty ? "native" : device.kind), imeiReported: device.imeiReported)
    }
}

extension Components.Schemas.Standard {
    /// A standard without a certificate has none in the JSON, not an empty one.
    init(_ standard: Metrology_Devices_V1_Standard) {
        self.init(
            id: standard.id, code: standard.code, name: standard.name, model: standard.model, serialNumber: standard.serialNumber,
            measuringRange: standard.measuringRange, accuracy: standard.accuracy, kind: .init(standard.kind), category: standard.category,
            status: .init(standard.status),
            statusReason: standard.statusReason, certificate: standard.hasCertificate ? .init(standard.certificate) : nil,
            checks: standard.checks.map(Components.Schemas.IntermediateCheck.init), correctionVersion: standard.correctionVersion,
            correctionFactors: standard.correctionFactors.map(Components.Schemas.CorrectionFactor.init), expiringSoon: standard.expiringSoon,
            expired: standard.expired, createdAt: standard.hasCreatedAt ? standard.createdAt.date : nil,
            updatedAt: standard.hasUpdatedAt ? standard.updatedAt.date : nil)
    }
}

extension Components.Schemas.CalibrationCertificate {
    init(_ certificate: Metrology_Devices_V1_CalibrationCertificate) {
        self.init(number: certificate.number, issuer: certificate.issuer, issuedOn: certificate.issuedOn, validUntil: certificate.validUntil)
    }
}

extension Metrology_Devices_V1_CalibrationCertificate {
    init(_ certificate: Components.Schemas.CalibrationCertificate) {
        self.init()
        number = certificate.number
        issuer = certificate.issuer
        issuedOn = certificate.issuedOn
        validUntil = certificate.validUntil
    }
}

extension Components.Schemas.IntermediateCheck {
    init(_ check: Metrology_Devices_V1_IntermediateCheck) {
        self.init(
            id: check.id, checkedOn: check.checkedOn, result: .init(check.result), note: check.note, checkedBy: check.checkedBy,
            checkedByName: check.checkedByName)
    }
}

/// `value` is decimal text both ways, never a JSON number: a factor comes back exactly as entered ("1.0020").
extension Components.Schemas.CorrectionFactor {
    init(_ factor: Metrology_Devices_V1_CorrectionFactor) {
        self.init(point: factor.point, value: factor.value, unit: factor.unit)
    }
}

extension Metrology_Devices_V1_CorrectionFactor {
    init(_ factor: Components.Schemas.CorrectionFactor) {
        self.init()
        point = factor.point
        value = factor.value
        unit = factor.unit
    }
}

extension Components.Schemas.CorrectionFactorVersion {
    init(_ version: Metrology_Devices_V1_CorrectionFactorVersion) {
        self.init(
            version: version.version, factors: version.factors.map(Components.Schemas.CorrectionFactor.init), reason: version.reason,
            changedBy: version.changedBy, changedByName: version.changedByName, changedAt: version.hasChangedAt ? version.changedAt.date : nil)
    }
}
