import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// The first step of every mobile login (§4.3.4.2): identity calls it once the password checked out. A device never
/// seen is registered as pending with its public key; a known one is touched; either way its status decides.
struct CheckInHandler: Sendable {
    let store: DeviceStore

    func checkIn(
        _ request: Metrology_Devices_V1_CheckInRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_CheckInResponse
    {
        let info = request.device
        let imei = info.imei.trimmingCharacters(in: .whitespaces)
        let identity = try AppInstall.identity(kind: info.kind, imei: imei, registrationKey: info.registrationKey)
        // Shown to device managers and kept in the audit trail: the shared text rule, after the truncation they always had.
        let name = try HumanText.check(String(info.name.prefix(64)), field: "device.name", maxLength: 64)
        let model = try HumanText.check(String(info.model.prefix(64)), field: "device.model", maxLength: 64)
        let os = try HumanText.check(String(info.os.prefix(64)), field: "device.os", maxLength: 64)
        let appVersion = try HumanText.check(String(info.appVersion.prefix(32)), field: "device.appVersion", maxLength: 32)
        var response = Metrology_Devices_V1_CheckInResponse()
        // The rules (register pending, refuse a clone, touch a known device) are DeviceAuthorization's; a clone's
        // DEVICE_IMEI_CONFLICT is audited by `auditConflict` once this transaction has rolled back (see DevicesService).
        let presented = DeviceAuthorization.Presented(
            imei: imei, name: name, model: model, os: os, appVersion: appVersion, publicKey: info.publicKey, userID: request.userID,
            username: request.username)
        let outcome = try await DeviceAuthorization().checkIn(
            withIdentity(presented, identity), in: PostgresDeviceRepository(store: store, connection: connection), logger: context.logger)
        guard case .registered(let device, let key) = outcome else {
            if case .known(let device) = outcome { response.device = device.message }
            return response
        }
        try await AuditTrail.append(
            AuditEvent(
                actorID: request.userID, actorName: request.username, action: "device.registered", entityType: "device", entityID: device.idString,
                summary: "新设备首次登录，等待授权：\(name.isEmpty ? model : name)（\(device.label)）",
                details: [
                    "imei": imei, "kind": device.kind, "model": model, "os": os, "appVersion": appVersion, "keyFingerprint": key.fingerprint,
                ],
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

    static let conflict = DeviceAuthorization.conflict

    private func withIdentity(_ presented: DeviceAuthorization.Presented, _ identity: AppInstall.Identity) -> DeviceAuthorization.Presented {
        var presented = presented
        presented.kind = identity.kind
        presented.registrationKey = identity.registrationKey
        return presented
    }

    /// Kept even though the login fails: the conflict is what a device administrator needs to see. It runs after the
    /// check-in's own transaction rolled back and gave its connection back, in a transaction of its own: waiting for a
    /// second pooled connection while holding one deadlocks the pool under load.
    func auditConflict(
        _ request: Metrology_Devices_V1_CheckInRequest, _ context: CallContext, _ error: RPCError, _ connection: PostgresConnection
    )
        async throws
    {
        guard let device = error.details["deviceId"] else { return }
        let event: AuditEvent
        switch error.reason {
        case Self.conflict:
            guard let imei = error.details["imei"] else { return }
            event = AuditEvent(
                actorID: request.userID, actorName: request.username, action: "device.imei_conflict", entityType: "device",
                entityID: device, summary: "IMEI \(imei) 被另一台设备（不同密钥）用于登录，已拒绝",
                details: ["imei": imei, "model": request.device.model], traceID: context.rpc.trace.traceID)
        case DeviceAuthorization.registrationConflict:
            // An app install's registration key presented with another public key: a copied key store, not a phone.
            event = AuditEvent(
                actorID: request.userID, actorName: request.username, action: "device.registration_conflict", entityType: "device",
                entityID: device, summary: "应用安装的登记标识被另一密钥用于登录，已拒绝",
                details: ["model": request.device.model, "name": request.device.name], traceID: context.rpc.trace.traceID)
        default:
            return
        }
        try await AuditTrail.append(event, on: connection, logger: context.logger)
    }
}
