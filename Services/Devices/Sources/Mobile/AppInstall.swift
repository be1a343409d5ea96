import Auth
import Foundation
import RPCCore

/// How a device says who it is at check-in (issue 18): a native app by its IMEI (15 digits, Luhn), an installed web
/// app (kind "app") by the registration key it made at install, since a browser cannot read the IMEI.
enum AppInstall {
    struct Identity: Sendable, Equatable {
        var kind: String
        /// Canonical base64url (no padding); nil for a native app.
        var registrationKey: String?
    }

    /// 128 bits is what the app makes; up to 512 are accepted, fewer than 128 are too easy to guess or collide.
    static let keyBytes = 16...64

    static func identity(kind: String, imei: String, registrationKey: String) throws -> Identity {
        switch kind {
        case "", "native":
            guard IMEI.isValid(imei) else {
                throw RPCError.invalidArgument(
                    "设备 IMEI 必须是 15 位数字且校验位正确（当前：\(imei.prefix(20))）", reason: "DEVICE_IMEI_INVALID", details: ["field": "imei"])
            }
            return Identity(kind: "native", registrationKey: nil)
        case "app":
            guard imei.isEmpty else {
                throw RPCError.invalidArgument(
                    "应用安装（kind 为 app）的设备不报告 IMEI，请不要填写 imei", reason: "DEVICE_IMEI_UNEXPECTED", details: ["field": "imei"])
            }
            let text = registrationKey.trimmingCharacters(in: .whitespaces)
            guard text.count <= 100, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }),
                let raw = Base64URL.decode(text), keyBytes.contains(raw.count)
            else {
                throw RPCError.invalidArgument(
                    "应用安装的登记标识须为 base64url 编码的 128 位随机数", reason: "DEVICE_REGISTRATION_KEY_INVALID",
                    details: ["field": "registrationKey"])
            }
            return Identity(kind: "app", registrationKey: Base64URL.encode(raw))
        default:
            throw RPCError.invalidArgument("设备类型必须是 native（原生应用）或 app（应用安装）", reason: "DEVICE_KIND_INVALID", details: ["field": "kind"])
        }
    }
}
