import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// The first step of every mobile login (§4.3.4.2): identity calls it once the password checked out. A device never
/// seen is registered as pending with its public key; a known one is touched; either way its status decides.
struct CheckInHandler: Sendable {
    let store: DeviceStore

    func checkIn(_ request: Metrology_Devices_V1_CheckInRequest, _ context: CallContext, _ connection: PostgresConnection) async throws
        -> Metrology_Devices_V1_CheckInResponse
    {
        let info = request.device
        let imei = info.imei.trimmingCharacters(in: .whitespaces)
        guard IMEI.isValid(imei) else {
            throw RPCError.invalidArgument("设备 IMEI 必须是 15 位数字且校验位正确（当前：\(imei.prefix(20))）", reason: "DEVICE_IMEI_INVALID", details: ["field": "imei"])
        }
        // Shown to device managers and kept in the audit trail: the shared text rule, after the truncation they always had.
        let name = try HumanText.check(String(info.name.prefix(64)), field: "device.name", maxLength: 64)
        let model = try HumanText.check(String(info.model.prefix(64)), field: "device.model", maxLength: 64)
        let os = try HumanText.check(String(info.os.prefix(64)), field: "device.os", maxLength: 64)
        let appVersion = try HumanText.check(String(info.appVersion.prefix(32)), field: "device.appVersion", maxLength: 32)
        var response = Metrology_Devices_V1_CheckInResponse()

        if let existing = try await store.device(imei: imei, on: connection, logger: context.logger) {
            // The same IMEI from a device holding another key is a clone or a reinstalled app: never silently trust it.
            if !info.publicKey.isEmpty, let current = existing.keyFingerprint, try DeviceKeyMaterial(info.publicKey).fingerprint != current {
                // Audited by `auditConflict` once this transaction has rolled back (see DevicesService).
                throw RPCError(
                    code: .alreadyExists, message: "IMEI \(imei) 已登记在另一台设备上（密钥不同），请联系设备管理员", reason: Self.conflict,
                    details: ["imei": imei, "deviceId": existing.idString])
            }
            try await store.touch(
                existing.id, name: name, model: model, os: os, appVersion: appVersion, userID: request.userID, username: request.username, on: connection,
                logger: context.logger)
            guard let device = try await store.device(id: existing.id, on: connection, logger: context.logger) else { throw RPCError.internal }
            response.device = device.message
            return response
        }

        guard !info.publicKey.isEmpty else {
            throw RPCError.invalidArgument("首次登录的设备必须提供签名公钥", reason: "DEVICE_KEY_INVALID", details: ["field": "publicKey"])
        }
        let key = try DeviceKeyMaterial(info.publicKey)
        let new = DeviceRecord(
            id: UUID(), imei: imei, name: name, model: model, os: os, appVersion: appVersion, status: "pending", firstSeen: Date(), lastSeen: Date(),
            lastUserID: request.userID, lastUsername: request.username, statusChangedBy: "", statusChangedByName: "", statusChangedAt: nil,
            statusReason: "", statusNote: "")
        try await store.insert(new, key: key, on: connection, logger: context.logger)
        guard let device = try await store.device(id: new.id, on: connection, logger: context.logger) else { throw RPCError.internal }
        try await AuditTrail.append(
            AuditEvent(
                actorID: request.userID, actorName: request.username, action: "device.registered", entityType: "device", entityID: device.idString,
                summary: "新设备首次登录，等待授权：\(name.isEmpty ? model : name)（IMEI \(imei)）",
                details: ["imei": imei, "model": model, "os": os, "appVersion": appVersion, "keyFingerprint": key.fingerprint],
                traceID: context.rpc.trace.traceID),
            on: connection, logger: context.logger)
        var event = Metrology_Devices_V1_DeviceChanged()
        event.device = device.message
        event.at = .init(date: Date())
        try await Outbox.append(
            DevicesEvents.deviceRegistered, subject: device.idString, payload: event, trace: context.rpc.trace, on: connection,
            logger: context.logger)
        response.device = device.message
        response.firstSeen = true
        return response
    }

    static let conflict = "DEVICE_IMEI_CONFLICT"

    /// Kept even though the login fails: the conflict is what a device administrator needs to see. It runs after the
    /// check-in's own transaction rolled back and gave its connection back, in a transaction of its own: waiting for a
    /// second pooled connection while holding one deadlocks the pool under load.
    func auditConflict(_ request: Metrology_Devices_V1_CheckInRequest, _ context: CallContext, _ error: RPCError, _ connection: PostgresConnection)
        async throws
    {
        guard error.reason == Self.conflict, let imei = error.details["imei"], let device = error.details["deviceId"] else { return }
        try await AuditTrail.append(
            AuditEvent(
                actorID: request.userID, actorName: request.username, action: "device.imei_conflict", entityType: "device",
                entityID: device, summary: "IMEI \(imei) 被另一台设备（不同密钥）用于登录，已拒绝",
                details: ["imei": imei, "model": request.device.model], traceID: context.rpc.trace.traceID),
            on: connection, logger: context.logger)
    }
}
