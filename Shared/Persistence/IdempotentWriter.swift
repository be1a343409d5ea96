import Contracts
import Crypto
import Foundation
public import Logging
public import PostgresNIO
package import RPCCore
import SwiftProtobuf

/// Runs a write at most once per message id and remembers its outcome, so a retried or redelivered call returns
/// the first execution's reply instead of changing data twice.
///
/// The outcome row is claimed at the start of the write's own transaction: a duplicate arriving while the first
/// execution is still running blocks on the row's unique key, and once the first commits it reads the stored
/// outcome. If the first rolls back, the duplicate runs. Deterministic failures (validation, not found, …) are
/// stored too; transient ones (INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED) are not, since nothing was committed.
///
/// A message id is the client's `Idempotency-Key`, so it is only trusted together with who sent it and for what:
/// the row keeps the caller and the method, and a key reused by another caller or for another method is refused
/// as a conflict (ALREADY_EXISTS `IDEMPOTENCY_KEY_CONFLICT`), never answered with the first caller's reply nor taken
/// as "already done" for a different action. The message id stays the only unique column: two callers racing with
/// one key must meet on the same row for one of them to be refused.
///
/// A method declared confidential (`seal(_:with:)`) has its reply stored sealed (AES-GCM) and its request digest
/// keyed, because its reply or request carries secrets (see `OutcomeSeal` for why a retry is still answered).
public struct IdempotentWriter: Sendable {
    public let client: PostgresClient
    private let confidential = ConfidentialMethods()

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Declares writes whose reply or request carries a secret (tokens, an ID number, a password): their stored
    /// outcomes are sealed under `seal`. Call when registering routes, before requests are taken; it applies to every
    /// copy of this writer.
    public func seal(_ methods: [String], with seal: OutcomeSeal) {
        confidential.seal(methods, with: seal)
    }

    /// The seal of a confidential method (nil for the others).
    func confidentialSeal(for method: String) -> OutcomeSeal? { confidential.seal(for: method) }

    private struct AlreadyHandled: Error {}

    /// Before caller scoping: the caller is unknown, stored and compared as anonymous. Prefer `once(_:request:…)`.
    public func once(
        messageID: String, method: String, request: [UInt8], logger: Logger,
        _ body: (PostgresConnection) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        try await once(IdempotencyKey(messageID: messageID, method: method, caller: nil), request: request, logger: logger, body)
    }

    public func once(
        _ key: IdempotencyKey, request: [UInt8], logger: Logger,
        _ body: (PostgresConnection) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        // No stored-outcome lookup first: the claim at the start of the transaction finds a retry's outcome anyway,
        // and the lookup was one more statement for every first execution (the numbering benchmark's hot path).
        try await run(key, request: request, logger: logger, lookFirst: false, prepare: {}, { _, connection in try await body(connection) })
    }

    /// A write that needs another service's answer first. No RPC runs while a write's transaction is open
    /// (`OpenTransaction`), so `prepare` makes its calls before the transaction, and only when no outcome is stored
    /// yet: a retry of a write that committed is answered from its stored reply without calling again. A retry of one
    /// that failed after `prepare` (nothing stored) calls again, and since `CallContext.call` derives the inner message
    /// ids from this one, it reaches the inner writes' stored outcomes instead of repeating them. A refusal from
    /// `prepare` is stored like the body's, so a retry gets the same answer.
    public func once<Prepared: Sendable>(
        _ key: IdempotencyKey, request: [UInt8], logger: Logger,
        prepare: () async throws -> Prepared,
        _ body: (Prepared, PostgresConnection) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        try await run(key, request: request, logger: logger, lookFirst: true, prepare: prepare, body)
    }

    /// - Parameter lookFirst: answer a stored outcome before `prepare` (whose calls a committed write's retry must not
    ///   repeat); without a `prepare` the transaction's claim finds it as well.
    private func run<Prepared: Sendable>(
        _ key: IdempotencyKey, request: [UInt8], logger: Logger, lookFirst: Bool,
        prepare: () async throws -> Prepared,
        _ body: (Prepared, PostgresConnection) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        let seal = confidential.seal(for: key.method)
        let requestHash = seal?.digest(request) ?? Data(SHA256.hash(data: request))
        let messageID = key.messageID
        let method = key.method
        let caller = key.storedCaller
        let sealed = seal != nil
        if lookFirst, let stored = try await storedOutcome(messageID: messageID, logger: logger) {
            return try stored.replay(for: key, expecting: requestHash, seal: seal)
        }
        do {
            let prepared = try await prepare()
            // Marked with the method, so a call refused inside says which write held the transaction.
            return try await OpenTransaction.$holder.withValue(method) {
                try await client.transaction(logger: logger) { connection in
                    let claimed = try await connection.query(
                        """
                        INSERT INTO rpc_outcomes (message_id, method, caller, request_hash, sealed)
                        VALUES (\(messageID), \(method), \(caller), \(requestHash), \(sealed))
                        ON CONFLICT (message_id) DO NOTHING RETURNING 1
                        """, logger: logger)
                    var claimedRow = false
                    for try await _ in claimed { claimedRow = true }
                    guard claimedRow else { throw AlreadyHandled() }
                    let payload = try await body(prepared, connection)
                    let stored = try seal.map { try $0.seal(payload, context: key.sealContext) } ?? Data(payload)
                    try await connection.query(
                        "UPDATE rpc_outcomes SET status_code = 0, payload = \(stored) WHERE message_id = \(messageID)", logger: logger)
                    return payload
                }
            }
        } catch is AlreadyHandled {
            guard let stored = try await storedOutcome(messageID: messageID, logger: logger) else {
                throw RPCError(code: .aborted, message: "请求正在处理中，请稍后重试", reason: "IN_PROGRESS")
            }
            return try stored.replay(for: key, expecting: requestHash, seal: seal)
        } catch let error as RPCError where Self.isDeterministic(error.code) {
            // A refusal carries no secret (a Chinese message and a reason), so it is stored in the clear.
            let status: Data = try error.status.serializedData()
            try await client.query(
                """
                INSERT INTO rpc_outcomes (message_id, method, caller, request_hash, sealed, status_code, status)
                VALUES (\(messageID), \(method), \(caller), \(requestHash), \(sealed), \(error.code.rawValue), \(status))
                ON CONFLICT (message_id) DO NOTHING
                """, logger: logger)
            throw error
        }
    }

    package static func isDeterministic(_ code: RPCCode) -> Bool {
        ![RPCCode.internal, .unavailable, .deadlineExceeded, .aborted, .cancelled, .unknown].contains(code)
    }

    struct StoredOutcome {
        var method: String
        /// nil for a row stored before outcomes were scoped (framework migration 3 cleared their replies).
        var caller: String?
        var requestHash: Data
        var sealed: Bool
        var statusCode: Int32
        var status: Data?
        var payload: Data?

        func replay(for key: IdempotencyKey, expecting hash: Data, seal: OutcomeSeal?) throws -> [UInt8] {
            guard let caller else { throw IdempotencyError.expired }
            // Checked before the request: another caller learns nothing about the first request from the answer.
            guard caller == key.storedCaller, method == key.method else { throw IdempotencyError.conflict }
            guard hash == requestHash else { throw IdempotencyError.reused }
            if statusCode == 0 {
                guard sealed else { return Array(payload ?? Data()) }
                guard let seal else { throw RPCError.internal }
                return try seal.open(payload ?? Data(), context: key.sealContext)
            }
            let decoded = (try? Metrology_Common_V1_Status(serializedBytes: status ?? Data())) ?? RPCError.internal.status
            throw RPCError(status: decoded)
        }
    }

    func storedOutcome(messageID: String, logger: Logger) async throws -> StoredOutcome? {
        let rows = try await client.query(
            """
            SELECT method, caller, request_hash, sealed, status_code, status, payload FROM rpc_outcomes
            WHERE message_id = \(messageID) AND status_code IS NOT NULL
            """,
            logger: logger)
        for try await (method, caller, hash, sealed, code, status, payload) in rows.decode((String, String?, Data, Bool, Int32, Data?, Data?).self) {
            return StoredOutcome(
                method: method, caller: caller, requestHash: hash, sealed: sealed, statusCode: code, status: status, payload: payload)
        }
        return nil
    }

    /// Forgets outcomes older than `age`; a retry after that long is a new request.
    public func prune(olderThan age: Duration, logger: Logger) async throws {
        let seconds = Int(age.components.seconds)
        try await client.query("DELETE FROM rpc_outcomes WHERE created_at < now() - make_interval(secs => \(seconds))", logger: logger)
        try await client.query("DELETE FROM delivery_attempts WHERE last_seen < now() - make_interval(secs => \(seconds))", logger: logger)
    }
}
