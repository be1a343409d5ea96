import Contracts
import Foundation
import SwiftProtobuf

/// A mobile device as stored, with its current key.
struct DeviceRecord: Sendable {
    var id: UUID
    var imei: String
    var name: String
    var model: String
    var os: String
    var appVersion: String
    var status: String
    var firstSeen: Date
    var lastSeen: Date
    var lastUserID: String
    var lastUsername: String
    var statusChangedBy: String
    var statusChangedByName: String
    var statusChangedAt: Date?
    var statusReason: String
    var statusNote: String
    var keyID: String?
    var keyFingerprint: String?
    var keyRegisteredAt: Date?
    /// "native" (identified by its IMEI) or "app" (an installed web app, identified by its registration key; no IMEI).
    var kind = "native"
    var registrationKey: String?

    var idString: String { id.uuidString.lowercased() }

    var message: Metrology_Devices_V1_Device {
        var device = Metrology_Devices_V1_Device()
        device.id = idString
        device.imei = imei
        device.name = name
        device.model = model
        device.os = os
        device.appVersion = appVersion
        device.status = status
        device.firstSeen = Google_Protobuf_Timestamp(date: firstSeen)
        device.lastSeen = Google_Protobuf_Timestamp(date: lastSeen)
        device.lastUserID = lastUserID
        device.lastUsername = lastUsername
        device.statusChangedBy = statusChangedBy
        device.statusChangedByName = statusChangedByName
        if let statusChangedAt { device.statusChangedAt = Google_Protobuf_Timestamp(date: statusChangedAt) }
        device.statusReason = statusReason
        device.statusNote = statusNote
        device.keyID = keyID ?? ""
        device.keyFingerprint = keyFingerprint ?? ""
        if let keyRegisteredAt { device.keyRegisteredAt = Google_Protobuf_Timestamp(date: keyRegisteredAt) }
        device.kind = kind
        device.imeiReported = !imei.isEmpty
        return device
    }

    /// How messages and the audit trail name the device: its IMEI, or for an app install (no IMEI) its id.
    var label: String { imei.isEmpty ? "应用安装设备 \(idString.prefix(8))" : "IMEI \(imei)" }

    /// Chinese name of a status, for messages.
    static func title(ofStatus status: String) -> String {
        ["pending": "待授权", "enabled": "已启用", "disabled": "已禁用"][status] ?? status
    }
}
