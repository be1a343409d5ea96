import Contracts
import Foundation

// Mobile devices (移动设备): what an app says about itself at login, the device shape the admin routes answer, and
// the bodies of those routes. Keys are base64 here and bytes in the contracts.

/// What a mobile app sends about itself with its login. The IMEI and the key identify it; the rest is for people
/// reading the device list, so it may be left out.
struct DeviceInfoBody: Codable, Sendable {
    /// 15 digits with the Luhn check digit; the devices service validates it (DEVICE_IMEI_INVALID).
    var imei: String
    var name: String?
    var model: String?
    var os: String?
    var appVersion: String?
    /// ECDSA P-256 public key from the device's secure hardware, base64 of X9.63 (65 bytes, 0x04…) or DER
    /// SubjectPublicKeyInfo. Registered with a new device; for a known one it must be the current key.
    var publicKey: String

    func message() throws -> Metrology_Devices_V1_DeviceInfo {
        var info = Metrology_Devices_V1_DeviceInfo()
        info.imei = imei
        info.name = name ?? ""
        info.model = model ?? ""
        info.os = os ?? ""
        info.appVersion = appVersion ?? ""
        info.publicKey = try Base64Field.decode(publicKey, field: "device.publicKey")
        return info
    }
}

/// Every field of a device; a timestamp that is unset (never enabled or disabled, no key) is absent, not empty.
struct DeviceDTO: Codable, Sendable {
    var id: String
    var imei: String
    var name: String
    var model: String
    var os: String
    var appVersion: String
    /// pending (待授权) | enabled (已启用) | disabled (已禁用)
    var status: String
    var firstSeen: String?
    var lastSeen: String?
    var lastUserId: String
    var lastUsername: String
    var statusChangedBy: String
    var statusChangedByName: String
    var statusChangedAt: String?
    var statusReason: String
    var statusNote: String
    var keyId: String
    /// Hex SHA-256 of the X9.63 public key.
    var keyFingerprint: String
    var keyRegisteredAt: String?

    init(_ device: Metrology_Devices_V1_Device) {
        id = device.id
        imei = device.imei
        name = device.name
        model = device.model
        os = device.os
        appVersion = device.appVersion
        status = device.status
        firstSeen = device.hasFirstSeen ? RFC3339.string(device.firstSeen) : nil
        lastSeen = device.hasLastSeen ? RFC3339.string(device.lastSeen) : nil
        lastUserId = device.lastUserID
        lastUsername = device.lastUsername
        statusChangedBy = device.statusChangedBy
        statusChangedByName = device.statusChangedByName
        statusChangedAt = device.hasStatusChangedAt ? RFC3339.string(device.statusChangedAt) : nil
        statusReason = device.statusReason
        statusNote = device.statusNote
        keyId = device.keyID
        keyFingerprint = device.keyFingerprint
        keyRegisteredAt = device.hasKeyRegisteredAt ? RFC3339.string(device.keyRegisteredAt) : nil
    }
}

/// Counts per status over all devices, not only this page: they label the list's tabs.
struct DeviceCountsDTO: Codable, Sendable {
    var pending: Int64
    var enabled: Int64
    var disabled: Int64
}

struct DevicePageDTO: Codable, Sendable {
    var devices: [DeviceDTO]
    var total: Int64
    var page: Int32
    var pageSize: Int32
    var counts: DeviceCountsDTO
}

/// Enabling takes an optional note for the audit trail; there is no reason to choose.
struct EnableDeviceBody: Codable, Sendable {
    var note: String?
}

/// The reason is one of not_ours | retired | lost | stolen | broken | other; the devices service checks it, so a new
/// reason needs no gateway release.
struct DisableDeviceBody: Codable, Sendable {
    var reason: String?
    var note: String?
}

struct RotateDeviceKeyBody: Codable, Sendable {
    /// base64 of the new key, X9.63 or DER SubjectPublicKeyInfo.
    var newPublicKey: String
    /// base64 of the current key's ECDSA signature (DER or raw) over
    /// "metrology-device-key-rotation-v1\n<device id>\n<hex SHA-256 of the new key's X9.63>".
    var proof: String
}
