public import SwiftProtobuf

/// What code that handles events without knowing their payload type needs of a declaration: the binding, the
/// catalog test, the consumer that dead-letters an event nobody declared.
public protocol EventDeclaration: Sendable {
    /// `<service>.<entity>.<event>`, e.g. `devices.device.disabled`; also the envelope's `type`.
    var routingKey: String { get }
    /// The short name of the only service that publishes it, e.g. "devices"; the envelope's `source`.
    var producer: String { get }
    /// The full protobuf name of the payload message, e.g. `metrology.devices.v1.DeviceChanged`.
    var payloadMessageName: String { get }
}

/// Names one event, as `RPCMethod` names one call: its routing key, its payload message and the service that
/// produces it. Declared once in the producer's catalog (`DevicesEvents`, `IdentityEvents`, …); the producer appends
/// with it (`Outbox.append(DevicesEvents.deviceDisabled, …)`) and consumers bind and decode with it, so a producer
/// and its consumers cannot spell the same event two ways.
public struct EventType<Payload: SwiftProtobuf.Message>: EventDeclaration, CustomStringConvertible {
    public let producer: String
    public let routingKey: String

    /// - Parameters:
    ///   - producer: the service that publishes it; also the routing key's first part.
    ///   - entity, event: lower_snake_case, e.g. `device`, `disabled`.
    public init(producer: String, entity: String, event: String) {
        self.producer = producer
        routingKey = "\(producer).\(entity).\(event)"
    }

    public var payloadMessageName: String { Payload.protoMessageName }
    public var description: String { routingKey }

    /// The payload of an envelope of this type. Throws `EventPayloadError` when the envelope is of another type,
    /// says it carries another message, or its bytes are not this message: such an event must not be applied.
    public func payload(of envelope: Metrology_Common_V1_EventEnvelope) throws -> Payload {
        guard envelope.type == routingKey else {
            throw EventPayloadError("事件类型为 \(envelope.type)，不是 \(routingKey)")
        }
        // Empty only in envelopes written before payload_type existed; the bytes still have to decode.
        guard envelope.payloadType.isEmpty || envelope.payloadType == payloadMessageName else {
            throw EventPayloadError("\(routingKey) 的内容应为 \(payloadMessageName)，实为 \(envelope.payloadType)")
        }
        do {
            return try Payload(serializedBytes: envelope.payload)
        } catch {
            throw EventPayloadError("\(routingKey) 的内容不是有效的 \(payloadMessageName)")
        }
    }
}

/// An event whose payload is not what its declaration promises; `reason` is Chinese, for the dead-letter header.
public struct EventPayloadError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "undecodable event payload: \(reason)" }
}
