import Contracts
import Foundation
import Testing

/// Every event is declared once (Shared/Contracts/Events) and used by its declaration (issue 15).
@Suite("Event catalog")
struct EventCatalogTests {
    static let producers = Set(ServiceNames.all + ["echo"])

    @Test("routing keys are unique, <producer>.<entity>.<event> in lower_snake_case, and produced by a known service")
    func wellFormed() throws {
        let keys = EventCatalog.all.map(\.routingKey)
        #expect(Set(keys).count == keys.count, "a routing key is declared twice: \(keys.sorted())")
        let shape = try Regex("^[a-z]+\\.[a-z][a-z_]*[a-z]\\.[a-z][a-z_]*[a-z]$")
        for event in EventCatalog.all {
            #expect(event.routingKey.wholeMatch(of: shape) != nil, "\(event.routingKey) is not <service>.<entity>.<event>")
            #expect(event.routingKey.hasPrefix(event.producer + "."), "\(event.routingKey) is not named after its producer \(event.producer)")
            #expect(Self.producers.contains(event.producer), "\(event.producer) is not a service")
            #expect(event.payloadMessageName.hasPrefix("metrology."), "\(event.routingKey) carries \(event.payloadMessageName)")
        }
    }

    @Test("the device status mapping returns the declarations of enabled and disabled, and nothing for another status")
    func deviceStatus() {
        #expect(DevicesEvents.deviceStatusChanged(to: "disabled")?.routingKey == "devices.device.disabled")
        #expect(DevicesEvents.deviceStatusChanged(to: "enabled")?.routingKey == "devices.device.enabled")
        #expect(DevicesEvents.deviceStatusChanged(to: "pending") == nil)
    }

    @Test("a payload that is not its declared message does not decode, with a reason")
    func payloadChecked() throws {
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.type = DevicesEvents.deviceDisabled.routingKey
        envelope.payloadType = Metrology_Devices_V1_DeviceChanged.protoMessageName
        envelope.payload = Data([0xFF, 0xFF, 0xFF])
        #expect(throws: EventPayloadError.self) { try DevicesEvents.deviceDisabled.payload(of: envelope) }
        envelope.payload = Data()
        envelope.payloadType = Metrology_Identity_V1_SessionRevoked.protoMessageName
        #expect(throws: EventPayloadError.self) { try DevicesEvents.deviceDisabled.payload(of: envelope) }
        envelope.payloadType = Metrology_Devices_V1_DeviceChanged.protoMessageName
        envelope.type = DevicesEvents.deviceEnabled.routingKey
        #expect(throws: EventPayloadError.self) { try DevicesEvents.deviceDisabled.payload(of: envelope) }
    }

    /// Fails when code publishes or binds with an event type spelled as a string instead of its declaration, as
    /// `"devices.device.\(status)"` once was beside a consumer's hard-coded `"devices.device.disabled"`.
    @Test("no raw event-type string outside the catalog in Services/ and Shared/")
    func noRawEventTypes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let services = Self.producers.sorted().joined(separator: "|")
        // A string literal starting with `<service>.<word>.` (a routing key, or one built by interpolation), or the
        // string-typed outbox call.
        let rawKey = try Regex("\"(\(services))\\.[a-z_]+\\.")
        let rawAppend = try Regex("Outbox\\.append\\(\\s*type:")
        var offenders: [String] = []
        for folder in ["Services", "Shared"] {
            let files = FileManager.default.enumerator(at: root.appending(path: folder), includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                let path = url.path(percentEncoded: false)
                guard url.pathExtension == "swift", !path.contains("/Shared/Contracts/Events/"), !path.contains("/Generated/") else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains(rawKey) || line.contains(rawAppend) {
                    offenders.append("\(path.dropFirst(root.path.count)):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
                if text.contains(rawAppend) && !offenders.contains(where: { $0.hasPrefix(String(path.dropFirst(root.path.count))) }) {
                    offenders.append("\(path.dropFirst(root.path.count)): Outbox.append(type:)")
                }
            }
        }
        #expect(offenders.isEmpty, "declare the event in Shared/Contracts/Events and use its EventType:\n\(offenders.joined(separator: "\n"))")
    }
}
