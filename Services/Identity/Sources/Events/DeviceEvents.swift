import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO

/// Applies the devices service's events to identity: a disabled device's sessions end, and the revocation is kept so
/// that services starting later refuse its tokens too. Each event is applied once (inbox).
struct DeviceEvents: Sendable {
    let store: IdentityStore

    static let routingKeys = ["devices.device.disabled"]

    func handle(_ envelope: Metrology_Common_V1_EventEnvelope, logger: Logger) async throws {
        guard envelope.type == "devices.device.disabled" else { return }
        // A disabled device that identity cannot read would keep its sessions: never acknowledge it unseen.
        guard let event = try? Metrology_Devices_V1_DeviceChanged(serializedBytes: envelope.payload) else {
            throw UndecodableEvent("devices.device.disabled 的内容不是 DeviceChanged")
        }
        try await store.client.transaction(logger: logger) { connection in
            guard try await Inbox.claim(eventID: envelope.eventID, consumer: "identity.devices", on: connection, logger: logger) else { return }
            try await store.revokeDevice(event.device.id, at: event.at.date, on: connection, logger: logger)
            try await AuditTrail.append(
                AuditEvent(
                    actorID: event.device.statusChangedBy, actorName: event.device.statusChangedByName, action: "device.sessions_ended",
                    entityType: "device", entityID: event.device.id, summary: "设备 IMEI \(event.device.imei) 已禁用，结束其全部登录会话",
                    traceID: TraceContext(traceparent: envelope.traceparent)?.traceID ?? ""),
                on: connection, logger: logger)
        }
    }
}
