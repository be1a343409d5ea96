import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// The device list (§4.2.6.3), enabling (§4.2.6.4) and disabling (§4.2.6.5).
struct DeviceHandlers: Sendable {
    let store: DeviceStore

    static let disableReasons: [String: String] = [
        "not_ours": "非本机构设备", "retired": "设备报废", "lost": "设备丢失", "stolen": "设备被盗", "broken": "设备损坏", "other": "其他原因",
    ]

    func listDevices(
        _ request: Metrology_Devices_V1_ListDevicesRequest, _ context: CallContext
    ) async throws -> Metrology_Devices_V1_ListDevicesResponse {
        guard ["", "pending", "enabled", "disabled"].contains(request.status) else {
            throw RPCError.invalidArgument("设备状态必须是 pending、enabled 或 disabled", reason: "DEVICE_STATUS_INVALID", details: ["field": "status"])
        }
        let paging = try PageRequest(page: request.page, pageSize: request.pageSize)
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        let (devices, total) = try await store.list(
            status: request.status.nilIfEmpty, query: query.nilIfEmpty, limit: paging.size, offset: paging.offset, logger: context.logger)
        let counts = try await store.counts(logger: context.logger)
        var response = Metrology_Devices_V1_ListDevicesResponse()
        response.devices = devices.map(\.message)
        response.total = total
        response.pending = counts["pending"] ?? 0
        response.enabled = counts["enabled"] ?? 0
        response.disabled = counts["disabled"] ?? 0
        return response
    }

    func getDevice(_ request: Metrology_Devices_V1_GetDeviceRequest, _ context: CallContext) async throws -> Metrology_Devices_V1_Device {
        // A device-bound session may read its own device (records checks the tester's phone is enabled on their
        // behalf); any other device needs devices.query, refused as before.
        let caller = try context.caller()
        if caller.deviceID == nil || caller.deviceID?.lowercased() != request.deviceID.lowercased() { try caller.require(.devicesQuery) }
        let id = try Self.deviceID(request.deviceID)
        let device = try await store.client.withConnection { try await store.device(id: id, on: $0, logger: context.logger) }
        guard let device else { throw Self.notFound }
        return device.message
    }

    func enableDevice(
        _ request: Metrology_Devices_V1_DeviceActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Device
    {
        try await change(request, to: "enabled", reason: "", context: context, connection: connection)
    }

    func disableDevice(
        _ request: Metrology_Devices_V1_DeviceActionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Device
    {
        guard Self.disableReasons[request.reason] != nil else {
            throw RPCError.invalidArgument(
                "请选择禁用原因：not_ours（非本机构）、retired（报废）、lost（丢失）、stolen（被盗）、broken（损坏）或 other（其他）",
                reason: "DEVICE_DISABLE_REASON_INVALID", details: ["field": "reason"])
        }
        return try await change(request, to: "disabled", reason: request.reason, context: context, connection: connection)
    }

    /// Enabling and disabling: who, when, why; audited; announced (identity and every service end the device's
    /// tokens on `devices.device.disabled`).
    private func change(
        _ request: Metrology_Devices_V1_DeviceActionRequest, to status: String, reason: String, context: CallContext, connection: PostgresConnection
    ) async throws -> Metrology_Devices_V1_Device {
        let principal = try context.caller()
        let id = try Self.deviceID(request.deviceID)
        guard request.note.count <= 200 else {
            throw RPCError.invalidArgument("备注不能超过 200 个字符", reason: "DEVICE_NOTE_TOO_LONG", details: ["field": "note"])
        }
        let note = try HumanText(field: "note", lines: .multiple, maxLength: 200).check(request.note)
        // The rule (who, why, a note; the status it already has changes nothing) is DeviceAuthorization's.
        let devices = PostgresDeviceRepository(store: store, connection: connection)
        guard
            let change = try await DeviceAuthorization().setStatus(
                id, to: status, reason: reason, note: note, by: principal.userID, name: principal.displayName, in: devices, logger: context.logger)
        else {
            guard let unchanged = try await devices.device(id: id, lock: false, logger: context.logger) else { throw Self.notFound }
            return unchanged.message
        }
        let (before, after, at) = (change.before, change.after, change.at)
        let label = after.name.isEmpty ? after.model : after.name
        let why = Self.disableReasons[reason].map { "，原因：\($0)" } ?? ""
        try await context.audit(
            status == "enabled" ? "device.enabled" : "device.disabled", entityType: "device", entityID: after.idString,
            summary: "\(status == "enabled" ? "启用" : "禁用")设备 \(label)（\(after.label)）\(why)",
            details: ["status": "\(before.status) → \(status)", "reason": reason, "note": note], on: connection)
        var event = Metrology_Devices_V1_DeviceChanged()
        event.device = after.message
        event.at = .init(date: at)
        guard let announced = DevicesEvents.deviceStatusChanged(to: status) else {
            // Only enabled and disabled reach here; a new status needs its event declared first.
            throw RPCError(code: .internal, message: "设备状态 \(status) 没有对应的事件", reason: "DEVICE_STATUS_EVENT_UNDECLARED")
        }
        try await Outbox.append(announced, subject: after.idString, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
        return after.message
    }

    static func deviceID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw RPCError.invalidArgument("设备编号格式无效", reason: "DEVICE_ID_INVALID", details: ["field": "deviceId"])
        }
        return id
    }

    static let notFound = DeviceAuthorization.notFound
}
