import Crypto
import Foundation

/// What the app keeps on the phone, here in a folder: the device's private key (in the real app it never leaves the
/// secure hardware), its identity, and the current session.
struct DeviceState: Codable {
    var imei: String
    var name: String
    var model: String
    /// Raw P-256 private key, base64.
    var privateKey: String
    var deviceID: String?
    var accessToken: String?
    var refreshToken: String?

    static func load(from folder: URL, imei: String?, name: String?, model: String?) throws -> DeviceState {
        let file = folder.appendingPathComponent("device.json")
        if let data = try? Data(contentsOf: file) {
            var state = try JSONDecoder().decode(DeviceState.self, from: data)
            if let name { state.name = name }
            if let model { state.model = model }
            return state
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return DeviceState(
            imei: imei ?? Self.randomIMEI(), name: name ?? "检定员手机", model: model ?? "CLI-Simulator",
            privateKey: P256.Signing.PrivateKey().rawRepresentation.base64EncodedString())
    }

    func save(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = folder.appendingPathComponent("device.json")
        try encoder.encode(self).write(to: file, options: .atomic)
        // The key file is the device's secret.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    var key: P256.Signing.PrivateKey {
        get throws { try P256.Signing.PrivateKey(rawRepresentation: Data(base64Encoded: privateKey) ?? Data()) }
    }

    /// A valid IMEI (Luhn check digit) with the reporting body "35" and random serial digits.
    static func randomIMEI() -> String {
        var digits = [3, 5] + (0..<12).map { _ in Int.random(in: 0...9) }
        var sum = 0
        for (index, digit) in digits.enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }
}
