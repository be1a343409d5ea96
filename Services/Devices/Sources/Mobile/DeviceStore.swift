import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// The SQL of mobile devices and their keys.
struct DeviceStore: Sendable {
    let client: PostgresClient

    private static let columns = """
        d.id, COALESCE(d.imei, '') AS imei, d.kind, d.registration_key, d.name, d.model,
        d.os, d.app_version, d.status, d.first_seen, d.last_seen, d.last_user_id, d.last_username,
        d.status_changed_by, d.status_changed_by_name, d.status_changed_at, d.status_reason, d.status_note,
        k.id AS key_id, k.fingerprint, k.registered_at AS key_registered_at
        """
    private static let from = "FROM mobile_devices d LEFT JOIN device_keys k ON k.device_id = d.id AND k.retired_at IS NULL"

    func device(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> DeviceRecord? {
        let rows =
            lock
            ? try await connection.query(
                "SELECT \(unescaped: Self.columns) \(unescaped: Self.from) WHERE d.id = \(id) FOR UPDATE OF d", logger: logger)
            : try await connection.query("SELECT \(unescaped: Self.columns) \(unescaped: Self.from) WHERE d.id = \(id)", logger: logger)
        return try await decode(rows).first
    }

    func device(imei: String, on connection: PostgresConnection, logger: Logger) async throws -> DeviceRecord? {
        try await decode(
            try await connection.query(
                "SELECT \(unescaped: Self.columns) \(unescaped: Self.from) WHERE d.imei = \(imei) FOR UPDATE OF d", logger: logger)
        ).first
    }

    /// An app install by its registration key; locks the row as `device(imei:)` does.
    func device(registrationKey: String, on connection: PostgresConnection, logger: Logger) async throws -> DeviceRecord? {
        try await decode(
            try await connection.query(
                "SELECT \(unescaped: Self.columns) \(unescaped: Self.from) WHERE d.registration_key = \(registrationKey) FOR UPDATE OF d",
                logger: logger)
        ).first
    }

    func list(status: String?, query: String?, limit: Int, offset: Int, logger: Logger) async throws -> (devices: [DeviceRecord], total: Int64) {
        let pattern = query.map(LikePattern.containing)
        var counted: Int64?
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns), count(*) OVER () AS total \(unescaped: Self.from)
            WHERE (\(status)::text IS NULL OR d.status = \(status))
              AND (\(pattern)::text IS NULL OR d.imei ILIKE \(pattern) OR d.name ILIKE \(pattern) OR d.model ILIKE \(pattern))
            ORDER BY CASE d.status WHEN 'pending' THEN 0 WHEN 'enabled' THEN 1 ELSE 2 END, d.last_seen DESC
            LIMIT \(limit) OFFSET \(offset)
            """, logger: logger)
        let devices = try await decode(rows) { counted = $0 }
        let total = try await PageRequest.total(counted: counted, offset: offset) {
            var total: Int64 = 0
            for try await value in try await client.query(
                """
                SELECT count(*) FROM mobile_devices d
                WHERE (\(status)::text IS NULL OR d.status = \(status))
                  AND (\(pattern)::text IS NULL OR d.imei ILIKE \(pattern) OR d.name ILIKE \(pattern) OR d.model ILIKE \(pattern))
                """, logger: logger
            ).decode(Int64.self) { total = value }
            return total
        }
        return (devices, total)
    }

    func counts(logger: Logger) async throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for try await (status, count) in try await client.query(
            "SELECT status, count(*) FROM mobile_devices GROUP BY status", logger: logger
        ).decode((String, Int64).self) {
            counts[status] = count
        }
        return counts
    }

    func insert(_ device: DeviceRecord, key: DeviceKeyMaterial, on connection: PostgresConnection, logger: Logger) async throws {
        // An app install has no IMEI: NULL, so the unique IMEI index does not hold all of them to one empty value.
        let imei: String? = device.imei.isEmpty ? nil : device.imei
        try await connection.query(
            """
            INSERT INTO mobile_devices (id, imei, kind, registration_key, name, model, os, app_version, last_user_id, last_username)
            VALUES (\(device.id), \(imei), \(device.kind), \(device.registrationKey), \(device.name), \(device.model), \(device.os),
                    \(device.appVersion), \(device.lastUserID), \(device.lastUsername))
            """, logger: logger)
        try await insertKey(key, device: device.id, on: connection, logger: logger)
    }

    func insertKey(_ key: DeviceKeyMaterial, device: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE device_keys SET retired_at = now() WHERE device_id = \(device) AND retired_at IS NULL", logger: logger)
        try await connection.query(
            "INSERT INTO device_keys (id, device_id, public_key, fingerprint) VALUES (\(key.id), \(device), \(key.x963), \(key.fingerprint))",
            logger: logger)
    }

    /// Records a login from the device: when, by whom, and what the app now says about itself.
    func touch(
        _ device: UUID, name: String, model: String, os: String, appVersion: String, userID: String, username: String,
        on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            UPDATE mobile_devices SET last_seen = now(), last_user_id = \(userID), last_username = \(username),
                name = CASE WHEN \(name) = '' THEN name ELSE \(name) END, model = CASE WHEN \(model) = '' THEN model ELSE \(model) END,
                os = CASE WHEN \(os) = '' THEN os ELSE \(os) END, app_version = CASE WHEN \(appVersion) = '' THEN app_version ELSE \(appVersion) END
            WHERE id = \(device)
            """, logger: logger)
    }

    func setStatus(
        _ device: UUID, to status: String, by userID: String, name: String, reason: String, note: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Date {
        for try await at in try await connection.query(
            """
            UPDATE mobile_devices SET status = \(status), status_changed_by = \(userID), status_changed_by_name = \(name),
                status_changed_at = now(), status_reason = \(reason), status_note = \(note)
            WHERE id = \(device) RETURNING status_changed_at
            """, logger: logger
        ).decode(Date.self) {
            return at
        }
        return Date()
    }

    struct StoredKey: Sendable {
        var id: String
        var deviceID: UUID
        var publicKey: Data
        var fingerprint: String
        var registeredAt: Date
        var retiredAt: Date?
        var deviceStatus: String
    }

    /// - Parameter connection: the caller's transaction when it has one; a handler holding a pooled connection must
    ///   not wait for a second from the same pool (with every connection so held, none is ever returned).
    func key(device: UUID, id: String?, on connection: PostgresConnection? = nil, logger: Logger) async throws -> StoredKey? {
        let query: PostgresQuery = """
            SELECT k.id, k.device_id, k.public_key, k.fingerprint, k.registered_at, k.retired_at, d.status
            FROM device_keys k JOIN mobile_devices d ON d.id = k.device_id
            WHERE k.device_id = \(device) AND (CASE WHEN \(id)::text IS NULL THEN k.retired_at IS NULL ELSE k.id = \(id) END)
            """
        let rows: PostgresRowSequence
        if let connection { rows = try await connection.query(query, logger: logger) } else { rows = try await client.query(query, logger: logger) }
        for try await (id, device, key, fingerprint, registered, retired, status) in rows.decode(
            (String, UUID, Data, String, Date, Date?, String).self)
        {
            return StoredKey(
                id: id, deviceID: device, publicKey: key, fingerprint: fingerprint, registeredAt: registered, retiredAt: retired, deviceStatus: status
            )
        }
        return nil
    }

    private func decode(_ rows: PostgresRowSequence, total: (Int64) -> Void = { _ in }) async throws -> [DeviceRecord] {
        var devices: [DeviceRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            if r.contains("total") { total(try r["total"].decode(Int64.self)) }
            devices.append(
                DeviceRecord(
                    id: try r["id"].decode(UUID.self), imei: try r["imei"].decode(String.self), name: try r["name"].decode(String.self),
                    model: try r["model"].decode(String.self), os: try r["os"].decode(String.self),
                    appVersion: try r["app_version"].decode(String.self),
                    status: try r["status"].decode(String.self), firstSeen: try r["first_seen"].decode(Date.self),
                    lastSeen: try r["last_seen"].decode(Date.self),
                    lastUserID: try r["last_user_id"].decode(String.self), lastUsername: try r["last_username"].decode(String.self),
                    statusChangedBy: try r["status_changed_by"].decode(String.self),
                    statusChangedByName: try r["status_changed_by_name"].decode(String.self),
                    statusChangedAt: try r["status_changed_at"].decode(Date?.self), statusReason: try r["status_reason"].decode(String.self),
                    statusNote: try r["status_note"].decode(String.self), keyID: try r["key_id"].decode(String?.self),
                    keyFingerprint: try r["fingerprint"].decode(String?.self), keyRegisteredAt: try r["key_registered_at"].decode(Date?.self),
                    kind: try r["kind"].decode(String.self), registrationKey: try r["registration_key"].decode(String?.self)))
        }
        return devices
    }
}
