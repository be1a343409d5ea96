import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Device signing keys: the signature ceremony reads them, the device rotates its own.
struct DeviceKeyHandlers: Sendable {
    let store: DeviceStore

    func getDeviceKey(_ request: Metrology_Devices_V1_GetDeviceKeyRequest, _ context: CallContext) async throws -> Metrology_Devices_V1_DeviceKey {
        let device = try DeviceHandlers.deviceID(request.deviceID)
        guard let key = try await store.key(device: device, id: request.keyID.nilIfEmpty, logger: context.logger) else {
            throw RPCError.notFound("设备没有该签名密钥", reason: "DEVICE_KEY_NOT_FOUND")
        }
        var message = Metrology_Devices_V1_DeviceKey()
        message.deviceID = key.deviceID.uuidString.lowercased()
        message.keyID = key.id
        message.publicKey = key.publicKey
        message.fingerprint = key.fingerprint
        message.registeredAt = Google_Protobuf_Timestamp(date: key.registeredAt)
        if let retired = key.retiredAt { message.retiredAt = Google_Protobuf_Timestamp(date: retired) }
        message.current = key.retiredAt == nil
        message.deviceStatus = key.deviceStatus
        return message
    }

    /// Only the device itself, in a session bound to it, proving it holds the current key.
    func rotateDeviceKey(
        _ request: Metrology_Devices_V1_RotateDeviceKeyRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Device
    {
        let principal = try context.caller()
        let id = try DeviceHandlers.deviceID(request.deviceID)
        guard principal.deviceID == id.uuidString.lowercased() else {
            throw RPCError(code: .permissionDenied, message: "只能在设备本机上更换它的签名密钥", reason: "DEVICE_NOT_YOURS")
        }
        guard let device = try await store.device(id: id, lock: true, on: connection, logger: context.logger) else { throw DeviceHandlers.notFound }
        guard device.status == "enabled" else {
            throw RPCError(code: .failedPrecondition, message: "设备未启用，不能更换签名密钥", reason: "DEVICE_NOT_ENABLED")
        }
        let new = try DeviceKeyMaterial(request.newPublicKey)
        guard let current = try await store.key(device: id, id: nil, on: connection, logger: context.logger) else { throw RPCError.internal }
        guard new.fingerprint != current.fingerprint else {
            throw RPCError.invalidArgument("新密钥与当前密钥相同", reason: "DEVICE_KEY_UNCHANGED", details: ["field": "newPublicKey"])
        }
        guard
            try DeviceKeyMaterial(current.publicKey).verifies(
                request.proof, of: DeviceKeyMaterial.rotationProofText(deviceID: device.idString, newKey: new))
        else {
            throw RPCError.invalidArgument("更换密钥的证明签名无效（须由当前密钥签名）", reason: "DEVICE_KEY_PROOF_INVALID", details: ["field": "proof"])
        }
        try await store.insertKey(new, device: id, on: connection, logger: context.logger)
        try await context.audit(
            "device.key_rotated", entityType: "device", entityID: device.idString, summary: "设备 \(device.label) 更换签名密钥",
            details: ["from": current.fingerprint, "to": new.fingerprint], on: connection)
        guard let after = try await store.device(id: id, on: connection, logger: context.logger) else { throw DeviceHandlers.notFound }
        return after.message
    }
}
