import Auth
import Logging
public import Persistence
public import PostgresNIO
import RPCCore

extension CallContext {
    /// Appends an audit entry for this call's caller inside the write's transaction.
    public func audit(
        _ action: String, entityType: String, entityID: String, summary: String, details: [String: String] = [:], on connection: PostgresConnection
    ) async throws {
        try await AuditTrail.append(
            auditEvent(action, entityType: entityType, entityID: entityID, summary: summary, details: details), on: connection, logger: logger)
    }

    /// The entry `audit` would append, for a write that submits it within a statement of its own (numbering).
    public func auditEvent(_ action: String, entityType: String, entityID: String, summary: String, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(
            actorID: principal?.userID ?? "", actorName: principal.map { "\($0.displayName)（\($0.username)）" } ?? "匿名", action: action,
            entityType: entityType, entityID: entityID, summary: summary, details: details, traceID: rpc.trace.traceID)
    }
}
