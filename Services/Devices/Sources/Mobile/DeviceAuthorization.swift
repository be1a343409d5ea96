import Foundation
import Logging
import Messaging
import RPCCore

/// The rules of device authorization (§4.3.4.2, §4.2.6.4–5), apart from SQL, audit and events so they can be
/// unit-tested against `InMemoryDeviceRepository`:
/// - a device never seen is registered as pending, and only with a signing key;
/// - a known IMEI presented with another key is a clone or a reinstalled app: refused (DEVICE_IMEI_CONFLICT), never
///   silently trusted; presented without a key, or with its own, it is touched (last seen, by whom);
/// - an app install (kind "app", no IMEI) is known by its registration key instead, with the same rules
///   (DEVICE_REGISTRATION_CONFLICT for a known key presented with another public key);
/// - enabling or disabling changes the status with who, why and a note; asking for the status it has changes nothing.
/// Whether a checked-in device may be used is decided by its status afterwards (identity refuses pending and
/// disabled devices); the handlers add the audit entries and the events.
struct DeviceAuthorization: Sendable {
    static let conflict = "DEVICE_IMEI_CONFLICT"
    static let registrationConflict = "DEVICE_REGISTRATION_CONFLICT"

    /// What a device says about itself at a login, already checked (IMEI, the text rule).
    struct Presented: Sendable {
        var imei: String
        var name: String
        var model: String
        var os: String
        var appVersion: String
        var publicKey: Data
        var userID: String
        var username: String
        /// "native" or "app".
        var kind = "native"
        /// An app install's registration key (canonical base64url); nil for a native app.
        var registrationKey: String?
    }

    enum CheckIn: Sendable {
        case known(DeviceRecord)
        case registered(DeviceRecord, key: DeviceKeyMaterial)
    }

    func checkIn(_ presented: Presented, in devices: some DeviceRepository, now: Date = Date(), logger: Logger) async throws -> CheckIn {
        let known =
            if let key = presented.registrationKey {
                try await devices.device(registrationKey: key, logger: logger)
            } else {
                try await devices.device(imei: presented.imei, logger: logger)
            }
        if let existing = known {
            if !presented.publicKey.isEmpty, let current = existing.keyFingerprint,
                try DeviceKeyMaterial(presented.publicKey).fingerprint != current
            {
                guard presented.registrationKey == nil else {
                    throw RPCError(
                        code: .alreadyExists, message: "该应用安装的登记标识已用于另一台设备（密钥不同），请联系设备管理员",
                        reason: Self.registrationConflict, details: ["deviceId": existing.idString])
                }
                throw RPCError(
                    code: .alreadyExists, message: "IMEI \(presented.imei) 已登记在另一台设备上（密钥不同），请联系设备管理员", reason: Self.conflict,
                    details: ["imei": presented.imei, "deviceId": existing.idString])
            }
            try await devices.touch(
                existing.id, name: presented.name, model: presented.model, os: presented.os, appVersion: presented.appVersion,
                userID: presented.userID, username: presented.username, logger: logger)
            guard let device = try await devices.device(id: existing.id, lock: false, logger: logger) else { throw RPCError.internal }
            return .known(device)
        }
        guard !presented.publicKey.isEmpty else {
            throw RPCError.invalidArgument("首次登录的设备必须提供签名公钥", reason: "DEVICE_KEY_INVALID", details: ["field": "publicKey"])
        }
        let key = try DeviceKeyMaterial(presented.publicKey)
        let new = DeviceRecord(
            id: UUID(), imei: presented.imei, name: presented.name, model: presented.model, os: presented.os, appVersion: presented.appVersion,
            status: "pending", firstSeen: now, lastSeen: now, lastUserID: presented.userID, lastUsername: presented.username,
            statusChangedBy: "", statusChangedByName: "", statusChangedAt: nil, statusReason: "", statusNote: "", kind: presented.kind,
            registrationKey: presented.registrationKey)
        try await devices.insert(new, key: key, logger: logger)
        guard let device = try await devices.device(id: new.id, lock: false, logger: logger) else { throw RPCError.internal }
        return .registered(device, key: key)
    }

    /// A status change that happened: the device before and after, and when.
    struct Change: Sendable {
        var before: DeviceRecord
        var after: DeviceRecord
        var at: Date
    }

    /// Enables or disables the device; nil when it already has that status (nothing to audit or announce).
    func setStatus(
        _ id: UUID, to status: String, reason: String, note: String, by userID: String, name: String, in devices: some DeviceRepository,
        logger: Logger
    ) async throws -> Change? {
        guard let before = try await devices.device(id: id, lock: true, logger: logger) else { throw Self.notFound }
        guard before.status != status else { return nil }
        let at = try await devices.setStatus(id, to: status, by: userID, name: name, reason: reason, note: note, logger: logger)
        guard let after = try await devices.device(id: id, lock: false, logger: logger) else { throw Self.notFound }
        return Change(before: before, after: after, at: at)
    }

    static let notFound = RPCError.notFound("设备不存在", reason: "DEVICE_NOT_FOUND")
}
