import Contracts
import Foundation
import Messaging
import ServiceKit

/// The device half of a mobile login: the devices service registers or recognises the device, and only an enabled
/// one may log in (§4.3.4.2: a device's first login fails with the note that it awaits authorization).
struct DeviceGate: Sendable {
    let client: RPCClient

    /// Returns the device id to bind the session to, or throws the refusal.
    func admit(_ info: Metrology_Devices_V1_DeviceInfo, user: UserRecord, context: CallContext, failures: FailedLogins) async throws -> String {
        var request = Metrology_Devices_V1_CheckInRequest()
        request.device = info
        request.userID = user.idString
        request.username = user.username
        let device = try await client.call(
            DevicesMethods.checkIn, request, options: .init(timeout: .seconds(5), trace: context.rpc.trace, retryUnavailable: true)
        ).device
        switch device.status {
        case "enabled":
            return device.id
        case "disabled":
            try await failures.record(username: user.username, user: user, context: context, refusal: "设备已禁用（IMEI \(device.imei)）")
            throw RPCError(
                code: .permissionDenied, message: "该设备已被禁用，不能登录（IMEI：\(device.imei)）", reason: "DEVICE_DISABLED",
                details: ["deviceId": device.id, "imei": device.imei])
        default:
            try await failures.record(username: user.username, user: user, context: context, refusal: "设备待授权（IMEI \(device.imei)）")
            throw RPCError(
                code: .failedPrecondition, message: "该设备尚未获得授权，请联系设备管理员在后台启用后再登录（设备 IMEI：\(device.imei)）",
                reason: "DEVICE_PENDING_AUTHORIZATION", details: ["deviceId": device.id, "imei": device.imei])
        }
    }
}
