import Foundation
import Logging
import Synchronization

/// `DeviceRepository` in memory, for unit tests of the authorization rules; it behaves as the SQL does (an empty
/// field in a touch keeps the stored one, the current key rides on the device).
final class InMemoryDeviceRepository: DeviceRepository {
    private let devices = Mutex<[UUID: DeviceRecord]>([:])
    /// The clock `setStatus` and `touch` stamp with (the database's `now()`).
    let now: @Sendable () -> Date

    init(_ devices: [DeviceRecord] = [], now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        self.devices.withLock { stored in
            for device in devices { stored[device.id] = device }
        }
    }

    var all: [DeviceRecord] { devices.withLock { Array($0.values) } }

    func device(id: UUID, lock: Bool, logger: Logger) async throws -> DeviceRecord? {
        devices.withLock { $0[id] }
    }

    func device(imei: String, logger: Logger) async throws -> DeviceRecord? {
        devices.withLock { $0.values.first { $0.imei == imei } }
    }

    func device(registrationKey: String, logger: Logger) async throws -> DeviceRecord? {
        devices.withLock { $0.values.first { $0.registrationKey == registrationKey } }
    }

    func insert(_ device: DeviceRecord, key: DeviceKeyMaterial, logger: Logger) async throws {
        var stored = device
        stored.keyID = key.id
        stored.keyFingerprint = key.fingerprint
        stored.keyRegisteredAt = now()
        devices.withLock { $0[device.id] = stored }
    }

    func touch(
        _ device: UUID, name: String, model: String, os: String, appVersion: String, userID: String, username: String, logger: Logger
    )
        async throws
    {
        let at = now()
        devices.withLock { stored in
            guard var record = stored[device] else { return }
            if !name.isEmpty { record.name = name }
            if !model.isEmpty { record.model = model }
            if !os.isEmpty { record.os = os }
            if !appVersion.isEmpty { record.appVersion = appVersion }
            record.lastSeen = at
            record.lastUserID = userID
            record.lastUsername = username
            stored[device] = record
        }
    }

    func setStatus(
        _ device: UUID, to status: String, by userID: String, name: String, reason: String, note: String, logger: Logger
    )
        async throws -> Date
    {
        let at = now()
        devices.withLock { stored in
            stored[device]?.status = status
            stored[device]?.statusChangedBy = userID
            stored[device]?.statusChangedByName = name
            stored[device]?.statusChangedAt = at
            stored[device]?.statusReason = reason
            stored[device]?.statusNote = note
        }
        return at
    }
}
