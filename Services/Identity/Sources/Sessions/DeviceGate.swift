import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// The device half of a mobile login: the devices service registers or recognises the device, and only an enabled
/// one may log in (§4.3.4.2: a device's first login fails with the note that it awaits authorization).
///
/// Called before the login's write opens its transaction: a handler never waits on another service while it holds
/// a pooled connection (issue 14 §2), and `CallContext.call` refuses to. Its calls go through that helper: their
/// message ids derive from the login's (a retried login checks in once), with the caller's trace as parent span and
/// what is left of its deadline, at most 5 seconds.
struct DeviceGate: Sendable {
    let client: RPCClient

    /// The gate's calls and their steps (each step names one call of a login or refresh).
    static let checkInStep = "checkin"
    static let deviceKeyStep = "device-key"
    static let cap: Duration = .seconds(5)

    /// Returns the device to bind the session to, or throws the refusal (recorded through `failures`).
    func admit(
        _ info: Metrology_Devices_V1_DeviceInfo, user: UserRecord, username: String, context: CallContext, failures: FailedLogins
    ) async throws -> Metrology_Devices_V1_Device {
        var request = Metrology_Devices_V1_CheckInRequest()
        request.device = info
        request.userID = user.idString
        request.username = user.username
        let device = try await onBehalf(of: context).call(DevicesMethods.checkIn, request, step: Self.checkInStep, cap: Self.cap).device
        switch device.status {
        case "enabled":
            return device
        case "disabled":
            try await failures.refused(username: username, user: user, refusal: "设备已禁用（\(Self.label(device))）", context: context)
            throw RPCError(
                code: .permissionDenied, message: "该设备已被禁用，不能登录（\(Self.label(device, separator: "："))）", reason: "DEVICE_DISABLED",
                details: ["deviceId": device.id, "imei": device.imei])
        default:
            try await failures.refused(username: username, user: user, refusal: "设备待授权（\(Self.label(device))）", context: context)
            throw RPCError(
                code: .failedPrecondition, message: "该设备尚未获得授权，请联系设备管理员在后台启用后再登录（设备 \(Self.label(device, separator: "："))）",
                reason: "DEVICE_PENDING_AUTHORIZATION", details: ["deviceId": device.id, "imei": device.imei])
        }
    }

    /// An app install reports no IMEI: the device manager finds it by its id (the first characters suffice in the list).
    static func label(_ device: Metrology_Devices_V1_Device, separator: String = " ") -> String {
        device.imei.isEmpty ? "编号\(separator)\(device.id)" : "IMEI\(separator)\(device.imei)"
    }

    /// At refresh: the session's device must still be enabled and still hold the key its login proved. Called with a
    /// one-minute token identity signs for the session itself (devices answers key lookups to authenticated callers
    /// only), bound to the device and sent with its id.
    func recheck(
        device: String, keyID: String?, session: IdentityStore.RefreshableSession, keys: SigningKeyRing, store: IdentityStore, context: CallContext
    ) async throws {
        guard let signer = keys.signer else { throw RPCError.unavailable("签名密钥尚未就绪", reason: "IDENTITY_KEYS_NOT_READY") }
        guard let user = try await store.client.withConnection({ try await store.user(id: session.user, on: $0, logger: context.logger) }) else {
            throw RPCError.unauthenticated("刷新令牌无效或已过期，请重新登录", reason: "IDENTITY_REFRESH_TOKEN_INVALID")
        }
        let now = Date()
        let token = try signer.sign(
            SessionHandlers.claims(for: user, session: session.id, device: device, issued: now, expires: now.addingTimeInterval(60)))
        var request = Metrology_Devices_V1_GetDeviceKeyRequest()
        request.deviceID = device
        let key: Metrology_Devices_V1_DeviceKey
        do {
            key = try await onBehalf(of: context).call(
                DevicesMethods.getDeviceKey, request, step: Self.deviceKeyStep, accessToken: token, deviceID: device, cap: Self.cap)
        } catch let error as RPCError where error.code == .unauthenticated || error.code == .notFound {
            throw RPCError.unauthenticated("该设备已不能使用本次登录，请重新登录", reason: "IDENTITY_DEVICE_NOT_ENABLED")
        }
        guard key.deviceStatus == "enabled" else {
            throw RPCError.unauthenticated("该设备已被停用或尚未启用，请重新登录", reason: "IDENTITY_DEVICE_NOT_ENABLED")
        }
        guard let keyID, key.keyID == keyID else {
            throw RPCError.unauthenticated("设备签名密钥已更换，请在本设备重新登录", reason: "IDENTITY_DEVICE_KEY_CHANGED")
        }
    }

    /// The login's context with this gate's client: login and refresh are raw handlers that build their own.
    private func onBehalf(of context: CallContext) -> CallContext {
        CallContext(rpc: context.rpc, principal: context.principal, client: client, verifier: context.verifier)
    }

    /// The message id the gate's call at `step` uses, the same for every retry of the caller's call.
    static func derivedMessageID(_ callerID: String, step: String) -> String {
        let method = step == deviceKeyStep ? DevicesMethods.getDeviceKey.fullName : DevicesMethods.checkIn.fullName
        return DerivedMessageID.make(parent: callerID, method: method, step: step)
    }

    /// The timeout the gate's calls get: what is left of the caller's deadline, at most 5 seconds; at least a moment
    /// here, where `CallContext.call` refuses an expired call before sending it (DEADLINE_EXCEEDED).
    static func timeout(before deadline: Date?, now: Date = Date()) -> Duration {
        CallContext.remaining(before: deadline, now: now, cap: cap) ?? .milliseconds(50)
    }
}
