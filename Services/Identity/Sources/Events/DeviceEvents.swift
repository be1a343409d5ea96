import Contracts
import Foundation
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// Applies the devices service's events to identity: a disabled device's sessions end, and the revocation is kept so
/// that services starting later refuse its tokens too. `InboxConsumer` applies each event once, with its audit entry.
struct DeviceEvents: Sendable {
    let store: IdentityStore

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(DevicesEvents.deviceDisabled, deviceDisabled)
        return handlers
    }

    func deviceDisabled(
        _ event: Metrology_Devices_V1_DeviceChanged, _ context: EventContext, _ connection: PostgresConnection
    ) async throws
        -> AuditEvent?
    {
        try await store.revokeDevice(event.device.id, at: event.at.date, on: connection, logger: context.logger)
        return AuditEvent(
            actorID: event.device.statusChangedBy, actorName: event.device.statusChangedByName, action: "device.sessions_ended",
            entityType: "device", entityID: event.device.id, summary: "设备 \(DeviceGate.label(event.device)) 已禁用，结束其全部登录会话")
    }
}
