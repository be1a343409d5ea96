import Contracts
import DevicesAPI
import GatewayAPISupport

/// `/v1/devices*`: the mobile terminals staff capture measurements on (移动设备管理). Devices register themselves at
/// login (identity → devices CheckIn, never routed here); administrators enable, disable and inspect them, and a device
/// rotates its own signing key.
extension DevicesRoutes {
    /// A `status` outside the document's list reaches the service, which answers DEVICE_STATUS_INVALID.
    func listDevices(_ input: Operations.ListDevices.Input) async throws -> Operations.ListDevices.Output {
        let page = Page(page: input.query.page, pageSize: input.query.pageSize)
        var message = Metrology_Devices_V1_ListDevicesRequest()
        message.status = input.query.status?.rawValue ?? ""
        message.query = input.query.query ?? ""
        message.page = page.page
        message.pageSize = page.pageSize
        let response = try await call(DevicesMethods.listDevices, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        devices: response.devices.map(Components.Schemas.Device.init), total: response.total, page: page.echoedPage,
                        pageSize: page.echoedPageSize,
                        counts: .init(pending: response.pending, enabled: response.enabled, disabled: response.disabled)))))
    }

    func getDevice(_ input: Operations.GetDevice.Input) async throws -> Operations.GetDevice.Output {
        var message = Metrology_Devices_V1_GetDeviceRequest()
        message.deviceID = input.path.id
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.getDevice, message)))))
    }

    /// The body is optional: enabling a pending device is the everyday case and needs no note.
    func enableDevice(_ input: Operations.EnableDevice.Input) async throws -> Operations.EnableDevice.Output {
        var message = Metrology_Devices_V1_DeviceActionRequest()
        message.deviceID = input.path.id
        message.note =
            input.body.flatMap {
                switch $0 {
                case .json(let body): body.note
                }
            } ?? ""
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.enableDevice, message)))))
    }

    /// A reason outside the document's list reaches the service, which refuses it with DEVICE_DISABLE_REASON_INVALID.
    func disableDevice(_ input: Operations.DisableDevice.Input) async throws -> Operations.DisableDevice.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_DeviceActionRequest()
        message.deviceID = input.path.id
        message.reason = body.reason.rawValue
        message.note = body.note ?? ""
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.disableDevice, message)))))
    }

    /// The device replaces its own key; the proof (a signature by the current key) is checked by the service.
    func rotateDeviceKey(_ input: Operations.RotateDeviceKey.Input) async throws -> Operations.RotateDeviceKey.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_RotateDeviceKeyRequest()
        message.deviceID = input.path.id
        message.newPublicKey = body.newPublicKey.data
        message.proof = body.proof.data
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.rotateDeviceKey, message)))))
    }
}
