import Auth
import Contracts
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The devices service: mobile terminals (设备管理, seed 000 §4.2.6, §4.3.4) and the lab's measurement standards and
/// equipment (seed 003 §4.4).
public struct DevicesService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        try await runtime.run(migrations: try ServiceRuntime.migrations(in: .module), routes: routes)
    }

    /// The RPC table: every rpc of devices.proto has its handler here (ServiceShapeTests fails otherwise).
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        let store = DeviceStore(client: runtime.database)
        let checkIn = CheckInHandler(store: store)
        let devices = DeviceHandlers(store: store)
        let keys = DeviceKeyHandlers(store: store)
        let standards = StandardHandlers(database: runtime.database)
        router.query(WhoAmIMethods.devices, access: .authenticated, whoAmI.whoAmI)
        // Internal: identity calls it during a login, before the user has a token. The gateway has no route to it.
        router.write(DevicesMethods.checkIn, access: .anonymous, checkIn.checkIn, afterFailure: checkIn.auditConflict)
        router.query(DevicesMethods.listDevices, access: .permission(.devicesQuery), devices.listDevices)
        // devices.query, or the caller's own session device (records asks whether the tester's phone is enabled).
        router.query(DevicesMethods.getDevice, access: .authenticated, devices.getDevice)
        router.write(DevicesMethods.enableDevice, access: .permission(.devicesManage), devices.enableDevice)
        router.write(DevicesMethods.disableDevice, access: .permission(.devicesManage), devices.disableDevice)
        router.write(DevicesMethods.rotateDeviceKey, access: .authenticated, keys.rotateDeviceKey)
        router.query(DevicesMethods.getDeviceKey, access: .authenticated, keys.getDeviceKey)
        standards.register(on: &router)
    }
}
