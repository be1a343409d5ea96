import Persistence
public import PostgresNIO
public import SwiftProtobuf

/// What a step returns: the next step (or the end) with the process's new state, and optionally the step's writes
/// to the owning schema, which commit in the same transaction that records the step (so they happen once).
public struct ProcessStepOutcome: Sendable {
    public typealias Record = @Sendable (PostgresConnection) async throws -> Void

    /// nil: the process is done.
    let next: String?
    let state: [UInt8]
    let record: Record?

    public static func next(_ step: String, state: [UInt8], record: Record? = nil) -> ProcessStepOutcome {
        ProcessStepOutcome(next: step, state: state, record: record)
    }

    public static func next(_ step: String, state: some Message, record: Record? = nil) throws -> ProcessStepOutcome {
        ProcessStepOutcome(next: step, state: try state.serializedBytes(), record: record)
    }

    public static func finished(state: [UInt8], record: Record? = nil) -> ProcessStepOutcome {
        ProcessStepOutcome(next: nil, state: state, record: record)
    }

    public static func finished(state: some Message, record: Record? = nil) throws -> ProcessStepOutcome {
        ProcessStepOutcome(next: nil, state: try state.serializedBytes(), record: record)
    }
}

/// Thrown by a step that can never succeed (the inner service refused for good, the state is unusable): the process
/// fails at once with this reason, without retries. An `RPCError` with a code a retry cannot change (a refusal,
/// not INTERNAL, UNAVAILABLE or a timeout) counts as permanent too.
public struct ProcessFailure: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public let message: String

    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason): \(message)" }
}
