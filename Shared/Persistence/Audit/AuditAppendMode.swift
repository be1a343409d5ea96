import Foundation

/// How `AuditTrail.append` writes an entry. `pending` (the default) submits it to `audit.pending` for the sealer;
/// `locked` is the one-step `audit.append` used before issue 16, which chains the entry at once and holds the chain's
/// head lock until the writer commits — kept so the benchmark can measure both in one run
/// (`METROLOGY_AUDIT_APPEND=locked`, `deploy/local/bench numbering --audit locked`), as `METROLOGY_RPC_HANDLERS=pool`
/// keeps the older handler placement. Read once: reading the environment builds a dictionary of all of it.
enum AuditAppendMode: Sendable {
    case pending
    case locked

    static let current: AuditAppendMode = ProcessInfo.processInfo.environment["METROLOGY_AUDIT_APPEND"] == "locked" ? .locked : .pending
}
