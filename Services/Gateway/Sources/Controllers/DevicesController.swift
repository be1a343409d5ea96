import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/devices*`: the mobile terminals staff capture measurements on (移动设备管理). Devices register themselves at
/// login (identity → devices CheckIn, never routed here); administrators enable, disable and inspect them, and a device
/// rotates its own signing key. The devices service checks every permission.
struct DevicesController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/devices", use: list)
        router.get("/v1/devices/:id", use: get)
        router.post("/v1/devices/:id/enable", use: enable)
        router.post("/v1/devices/:id/disable", use: disable)
        router.post("/v1/devices/:id/key", use: rotateKey)
    }

    /// `status` and `query` pass through unchecked: the service knows the statuses and answers an unknown one.
    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_ListDevicesRequest()
        message.status = request.queryString("status") ?? ""
        message.query = request.queryString("query") ?? ""
        let paging = try PageQuery(request)
        message.page = paging.page
        message.pageSize = paging.pageSize
        let response = try await backend.call(DevicesMethods.listDevices, message, options: options)
        return try jsonResponse(
            DevicePageDTO(
                devices: response.devices.map(DeviceDTO.init), total: response.total, page: paging.echoedPage, pageSize: paging.echoedPageSize,
                counts: DeviceCountsDTO(pending: response.pending, enabled: response.enabled, disabled: response.disabled)))
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_GetDeviceRequest()
        message.deviceID = try context.parameters.require("id")
        let device = try await backend.call(DevicesMethods.getDevice, message, options: options)
        return try jsonResponse(DeviceDTO(device))
    }

    /// The body is optional: enabling a pending device is the everyday case and needs no note.
    func enable(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_DeviceActionRequest()
        message.deviceID = try context.parameters.require("id")
        message.note = try await request.decodeJSONIfPresent(as: EnableDeviceBody.self)?.note ?? ""
        let device = try await backend.call(DevicesMethods.enableDevice, message, options: options)
        return try jsonResponse(DeviceDTO(device))
    }

    /// A missing body or reason reaches the service as an empty reason, which it refuses with its own precise message.
    func disable(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSONIfPresent(as: DisableDeviceBody.self)
        var message = Metrology_Devices_V1_DeviceActionRequest()
        message.deviceID = try context.parameters.require("id")
        message.reason = body?.reason ?? ""
        message.note = body?.note ?? ""
        let device = try await backend.call(DevicesMethods.disableDevice, message, options: options)
        return try jsonResponse(DeviceDTO(device))
    }

    /// The device replaces its own key; the proof (a signature by the current key) is checked by the service.
    func rotateKey(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: RotateDeviceKeyBody.self)
        var message = Metrology_Devices_V1_RotateDeviceKeyRequest()
        message.deviceID = try context.parameters.require("id")
        message.newPublicKey = try Base64Field.decode(body.newPublicKey, field: "newPublicKey")
        message.proof = try Base64Field.decode(body.proof, field: "proof")
        let device = try await backend.call(DevicesMethods.rotateDeviceKey, message, options: options)
        return try jsonResponse(DeviceDTO(device))
    }
}
