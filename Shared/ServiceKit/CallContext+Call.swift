public import Contracts
public import Foundation
import Logging
import Messaging
import Persistence
import RPCCore

extension CallContext {
    /// Calls another service on behalf of this call.
    ///
    /// - The message id is derived from this call's id, the method and `step` (`DerivedMessageID`): a retry of this
    ///   call (the same message id) reaches the inner write's stored outcome instead of making it again. Give each call
    ///   a handler makes to one method its own `step`.
    /// - It passes on this caller's token and device id (unless `accessToken` / `deviceID` say otherwise), the trace
    ///   as a child span, and what is left of this call's deadline, at most `cap`.
    /// - It refuses (INTERNAL `RPC_IN_TRANSACTION`) while a database transaction is open in this task: the inner write
    ///   would commit on its own while this one may still roll back, and the pooled connection would wait on another
    ///   service. Make the call before the write opens its transaction (`ServiceRouter.write(_:access:prepare:_:)`), or
    ///   run multi-step work as a durable process (`Processes`).
    /// - UNAVAILABLE is retried with the same message id until the deadline (safe: the callee deduplicates by it).
    public func call<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ request: Request, step: String, accessToken: String? = nil, deviceID: String? = nil,
        cap: Duration = .seconds(30)
    ) async throws -> Response {
        if let holder = OpenTransaction.holder {
            logger.error(
                "refused a call made inside a database transaction", metadata: ["callee": "\(method.fullName)", "transaction": "\(holder)"])
            throw RPCError(
                code: .internal, message: "服务内部错误：不能在数据库事务中调用其他服务", reason: "RPC_IN_TRANSACTION",
                details: ["method": method.fullName, "transaction": holder])
        }
        guard let client else {
            logger.error("a call on behalf of a call needs a client; the router was built without one", metadata: ["callee": "\(method.fullName)"])
            throw RPCError.internal
        }
        guard let timeout = Self.remaining(before: rpc.deadline, cap: cap) else { throw RPCError.deadlineExceeded() }
        let options = CallOptions(
            timeout: timeout, messageID: derivedMessageID(method.fullName, step: step), accessToken: accessToken ?? rpc.bearerToken,
            trace: rpc.trace.child(), deviceID: deviceID ?? rpc.deviceID, retryUnavailable: true)
        return try await client.call(method, request, options: options)
    }

    /// The message id `call(_:_:step:)` uses for `method` at `step`.
    public func derivedMessageID(_ method: String, step: String) -> String {
        DerivedMessageID.make(parent: rpc.messageID, method: method, step: step)
    }

    /// What is left of `deadline`, at most `cap` (all of `cap` without a deadline); nil once it has passed.
    public static func remaining(before deadline: Date?, now: Date = Date(), cap: Duration) -> Duration? {
        guard let deadline else { return cap }
        let left = deadline.timeIntervalSince(now)
        guard left > 0 else { return nil }
        return min(cap, .milliseconds(Int((left * 1000).rounded(.down))))
    }
}
