public import Contracts
import Messaging
public import Persistence
public import PostgresNIO

/// The events one consumer applies, each with its handler, registered by declaration (as `ServiceRouter` registers
/// calls by `RPCMethod`): the consumer binds exactly these routing keys and decodes each payload by its declaration
/// before any transaction is opened, so an event that cannot be read never reaches a handler.
public struct EventHandlers: Sendable {
    /// Runs inside the consumer's transaction; returns the audit entry to write with its effect, or nil when the
    /// event changes nothing worth one. The trace id is filled in from the event.
    public typealias Handler<Payload> = @Sendable (Payload, EventContext, PostgresConnection) async throws -> AuditEvent?

    /// The decoded event, ready to apply.
    typealias Application = @Sendable (EventContext, PostgresConnection) async throws -> AuditEvent?

    struct Entry: Sendable {
        let declaration: any EventDeclaration
        /// Decodes the payload (throwing `EventPayloadError`) and returns its application.
        let decode: @Sendable (Metrology_Common_V1_EventEnvelope) throws -> Application
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    public mutating func on<Payload>(_ event: EventType<Payload>, _ handler: @escaping Handler<Payload>) {
        precondition(entries[event.routingKey] == nil, "\(event.routingKey) registered twice")
        entries[event.routingKey] = Entry(declaration: event) { envelope in
            let payload = try event.payload(of: envelope)
            return { context, connection in try await handler(payload, context, connection) }
        }
    }

    /// The routing keys to bind, sorted.
    public var routingKeys: [String] { entries.keys.sorted() }

    public var declarations: [any EventDeclaration] { routingKeys.compactMap { entries[$0]?.declaration } }

    /// The application of `envelope`; throws `UndecodableEvent` for a type not registered here (`EVENT_TYPE_UNDECLARED`)
    /// or a payload that is not its declared message (`EVENT_UNDECODABLE`).
    func application(of envelope: Metrology_Common_V1_EventEnvelope) throws -> Application {
        guard let entry = entries[envelope.type] else {
            throw UndecodableEvent("未声明的事件类型：\(envelope.type.isEmpty ? "（空）" : envelope.type)", code: "EVENT_TYPE_UNDECLARED")
        }
        do {
            return try entry.decode(envelope)
        } catch let error as EventPayloadError {
            throw UndecodableEvent(error.reason)
        }
    }
}
