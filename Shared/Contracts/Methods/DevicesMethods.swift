/// The RPCs of metrology.devices.v1.DevicesService (WhoAmI is in WhoAmIMethods).
public enum DevicesMethods {
    static let prefix = "/metrology.devices.v1.DevicesService/"

    public static let checkIn = RPCMethod<Metrology_Devices_V1_CheckInRequest, Metrology_Devices_V1_CheckInResponse>(
        service: "devices", fullName: prefix + "CheckIn")
    public static let listDevices = RPCMethod<Metrology_Devices_V1_ListDevicesRequest, Metrology_Devices_V1_ListDevicesResponse>(
        service: "devices", fullName: prefix + "ListDevices")
    public static let getDevice = RPCMethod<Metrology_Devices_V1_GetDeviceRequest, Metrology_Devices_V1_Device>(
        service: "devices", fullName: prefix + "GetDevice")
    public static let enableDevice = RPCMethod<Metrology_Devices_V1_DeviceActionRequest, Metrology_Devices_V1_Device>(
        service: "devices", fullName: prefix + "EnableDevice")
    public static let disableDevice = RPCMethod<Metrology_Devices_V1_DeviceActionRequest, Metrology_Devices_V1_Device>(
        service: "devices", fullName: prefix + "DisableDevice")
    public static let rotateDeviceKey = RPCMethod<Metrology_Devices_V1_RotateDeviceKeyRequest, Metrology_Devices_V1_Device>(
        service: "devices", fullName: prefix + "RotateDeviceKey")
    public static let getDeviceKey = RPCMethod<Metrology_Devices_V1_GetDeviceKeyRequest, Metrology_Devices_V1_DeviceKey>(
        service: "devices", fullName: prefix + "GetDeviceKey")
    public static let listStandards = RPCMethod<Metrology_Devices_V1_ListStandardsRequest, Metrology_Devices_V1_ListStandardsResponse>(
        service: "devices", fullName: prefix + "ListStandards")
    public static let getStandard = RPCMethod<Metrology_Devices_V1_GetStandardRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "GetStandard")
    public static let createStandard = RPCMethod<Metrology_Devices_V1_CreateStandardRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "CreateStandard")
    public static let updateStandard = RPCMethod<Metrology_Devices_V1_UpdateStandardRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "UpdateStandard")
    public static let setStandardStatus = RPCMethod<Metrology_Devices_V1_SetStandardStatusRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "SetStandardStatus")
    public static let recordCalibration = RPCMethod<Metrology_Devices_V1_RecordCalibrationRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "RecordCalibration")
    public static let addIntermediateCheck = RPCMethod<Metrology_Devices_V1_AddIntermediateCheckRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "AddIntermediateCheck")
    public static let setCorrectionFactors = RPCMethod<Metrology_Devices_V1_SetCorrectionFactorsRequest, Metrology_Devices_V1_Standard>(
        service: "devices", fullName: prefix + "SetCorrectionFactors")
    public static let listCorrectionFactorVersions = RPCMethod<
        Metrology_Devices_V1_ListCorrectionFactorVersionsRequest, Metrology_Devices_V1_ListCorrectionFactorVersionsResponse
    >(
        service: "devices", fullName: prefix + "ListCorrectionFactorVersions")
    public static let checkStandardsUsable = RPCMethod<
        Metrology_Devices_V1_CheckStandardsUsableRequest, Metrology_Devices_V1_CheckStandardsUsableResponse
    >(
        service: "devices", fullName: prefix + "CheckStandardsUsable")
}
