import Foundation
import Logging
import PostgresNIO

/// `DeviceRepository` on the write's own transaction (the connection `ServiceRouter.write` hands its handler).
struct PostgresDeviceRepository: DeviceRepository {
    let store: DeviceStore
    let connection: PostgresConnection

    func device(id: UUID, lock: Bool, logger: Logger) async throws -> DeviceRecord? {
        try await store.device(id: id, lock: lock, on: connection, logger: logger)
    }

    func device(imei: String, logger: Logger) async throws -> DeviceRecord? {
        try await store.device(imei: imei, on: connection, logger: logger)
    }

    func device(registrationKey: String, logger: Logger) async throws -> DeviceRecord? {
        try await store.device(registrationKey: registrationKey, on: connection, logger: logger)
    }

    func insert(_ device: DeviceRecord, key: DeviceKeyMaterial, logger: Logger) async throws {
        try await store.insert(device, key: key, on: connection, logger: logger)
    }

    func touch(
        _ device: UUID, name: String, model: String, os: String, appVersion: String, userID: String, username: String, logger: Logger
    )
        async throws
    {
        try await store.touch(
            device, name: name, model: model, os: os, appVersion: appVersion, userID: userID, username: username, on: connection, logger: logger)
    }

    func setStatus(
        _ device: UUID, to status: String, by userID: String, name: String, reason: String, note: String, logger: Logger
    )
        async throws -> Date
    {
        try await store.setStatus(device, to: status, by: userID, name: name, reason: reason, note: note, on: connection, logger: logger)
    }
}
