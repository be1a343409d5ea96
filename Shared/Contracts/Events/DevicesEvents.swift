/// The events devices publishes.
public enum DevicesEvents {
    static func event<Payload>(_ entity: String, _ event: String) -> EventType<Payload> {
        EventType(producer: "devices", entity: entity, event: event)
    }

    /// A terminal checked in for the first time (pending until a device manager enables it).
    public static let deviceRegistered: EventType<Metrology_Devices_V1_DeviceChanged> = event("device", "registered")
    public static let deviceEnabled: EventType<Metrology_Devices_V1_DeviceChanged> = event("device", "enabled")
    /// Identity ends the device's sessions; every instance refuses its tokens (RevocationListener).
    public static let deviceDisabled: EventType<Metrology_Devices_V1_DeviceChanged> = event("device", "disabled")

    public static let standardCreated: EventType<Metrology_Devices_V1_Standard> = event("standard", "created")
    public static let standardUpdated: EventType<Metrology_Devices_V1_Standard> = event("standard", "updated")
    public static let standardStatusChanged: EventType<Metrology_Devices_V1_Standard> = event("standard", "status_changed")
    public static let standardCalibrationRecorded: EventType<Metrology_Devices_V1_Standard> = event("standard", "calibration_recorded")
    public static let standardCheckAdded: EventType<Metrology_Devices_V1_Standard> = event("standard", "check_added")
    public static let standardCorrectionsChanged: EventType<Metrology_Devices_V1_Standard> = event("standard", "corrections_changed")

    /// The event that announces a device's new status, or nil for a status no event announces.
    public static func deviceStatusChanged(to status: String) -> EventType<Metrology_Devices_V1_DeviceChanged>? {
        switch status {
        case "enabled": deviceEnabled
        case "disabled": deviceDisabled
        default: nil
        }
    }

    public static let all: [any EventDeclaration] = [
        deviceRegistered, deviceEnabled, deviceDisabled, standardCreated, standardUpdated, standardStatusChanged, standardCalibrationRecorded,
        standardCheckAdded, standardCorrectionsChanged,
    ]
}
