import Contracts
import Foundation
import Logging
import Messaging
import PostgresNIO
import SwiftProtobuf

/// Appends events to the service's outbox inside the caller's transaction, so an event exists if and only if the
/// change that caused it was committed.
public enum Outbox {
    /// Appends one declared event (see `Shared/Contracts/Events`); its producer is the envelope's source.
    /// - Parameter subject: the id of the entity the event is about.
    @discardableResult
    public static func append<Payload>(
        _ event: EventType<Payload>, subject: String, payload: Payload, trace: TraceContext?, on connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        try await append(envelopeOf: event.routingKey, source: event.producer, subject: subject, payload: payload, trace: trace, on: connection, logger: logger)
    }

    /// - Parameters:
    ///   - type: the routing key, `<service>.<entity>.<event>`.
    ///   - subject: the id of the entity the event is about.
    @available(*, deprecated, message: "declare the event in Shared/Contracts/Events and append its EventType")
    @discardableResult
    public static func append(
        type: String, source: String, subject: String, payload: some SwiftProtobuf.Message, trace: TraceContext?,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        try await append(envelopeOf: type, source: source, subject: subject, payload: payload, trace: trace, on: connection, logger: logger)
    }

    private static func append(
        envelopeOf type: String, source: String, subject: String, payload: some SwiftProtobuf.Message, trace: TraceContext?,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.eventID = UUID().uuidString
        envelope.type = type
        envelope.source = source
        envelope.subject = subject
        envelope.occurredAt = Google_Protobuf_Timestamp(date: Date())
        envelope.payloadType = Swift.type(of: payload).protoMessageName
        envelope.payload = try payload.serializedData()
        envelope.traceparent = trace?.traceparent ?? ""
        let bytes = try envelope.serializedData()
        try await connection.query(
            "INSERT INTO outbox (event_id, routing_key, envelope) VALUES (\(envelope.eventID), \(type), \(bytes))", logger: logger)
        return envelope.eventID
    }
}
