import Foundation
import Logging

/// What the device authorization rules (`DeviceAuthorization`) read and write, inside the caller's transaction. Two
/// implementations, after the hummingbird-examples repository pattern: `PostgresDeviceRepository` (the handlers,
/// bound to the write's connection) and `InMemoryDeviceRepository` (unit tests of the rules, no database).
protocol DeviceRepository: Sendable {
    /// - Parameter lock: takes the row lock, for a change that reads and then writes the device.
    func device(id: UUID, lock: Bool, logger: Logger) async throws -> DeviceRecord?
    /// Locks the row: two check-ins of one IMEI at once must not both register it.
    func device(imei: String, logger: Logger) async throws -> DeviceRecord?
    /// An app install by its registration key; locks the row, as by IMEI.
    func device(registrationKey: String, logger: Logger) async throws -> DeviceRecord?
    func insert(_ device: DeviceRecord, key: DeviceKeyMaterial, logger: Logger) async throws
    /// Records a login from a known device: what it says about itself (an empty field keeps the stored one) and who.
    func touch(
        _ device: UUID, name: String, model: String, os: String, appVersion: String, userID: String, username: String, logger: Logger)
        async throws
    /// Sets the status with who, why and a note; answers when.
    func setStatus(
        _ device: UUID, to status: String, by userID: String, name: String, reason: String, note: String, logger: Logger
    )
        async throws -> Date
}
