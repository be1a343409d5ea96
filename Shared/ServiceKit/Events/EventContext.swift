public import Contracts
public import Logging
import Messaging
import Persistence
public import RPCCore

/// What a handler knows of the event it applies besides its payload: the envelope (id, subject, time), the trace of
/// the change that caused it, and a logger carrying both.
public struct EventContext: Sendable {
    public let envelope: Metrology_Common_V1_EventEnvelope
    public let trace: TraceContext?
    public let logger: Logger

    public init(envelope: Metrology_Common_V1_EventEnvelope, logger: Logger) {
        self.envelope = envelope
        trace = TraceContext(traceparent: envelope.traceparent)
        self.logger = logger
    }

    public var eventID: String { envelope.eventID }
    public var subject: String { envelope.subject }
}
