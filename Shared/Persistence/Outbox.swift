public import Contracts
import Foundation
import Logging
public import PostgresNIO
public import RPCCore
public import SwiftProtobuf

/// Appends events to the service's outbox inside the caller's transaction, so an event exists if and only if the
/// change that caused it was committed. Only declared events (Shared/Contracts/Events) can be appended: the routing
/// key, the payload message and the source all come from the declaration.
public enum Outbox {
    /// - Parameter subject: the id of the entity the event is about.
    /// - Returns: the event id.
    @discardableResult
    public static func append<Payload>(
        _ event: EventType<Payload>, subject: String, payload: Payload, trace: TraceContext?, on connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        var envelope = Metrology_Common_V1_EventEnvelope()
        envelope.eventID = UUID().uuidString
        envelope.type = event.routingKey
        envelope.source = event.producer
        envelope.subject = subject
        envelope.occurredAt = Google_Protobuf_Timestamp(date: Date())
        envelope.payloadType = event.payloadMessageName
        envelope.payload = try payload.serializedData()
        envelope.traceparent = trace?.traceparent ?? ""
        let bytes = try envelope.serializedData()
        try await connection.query(
            "INSERT INTO outbox (event_id, routing_key, envelope) VALUES (\(envelope.eventID), \(event.routingKey), \(bytes))", logger: logger)
        return envelope.eventID
    }
}
