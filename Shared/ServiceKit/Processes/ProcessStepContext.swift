public import Contracts
import Foundation
public import Logging
import Messaging
import Persistence
public import RPCCore
public import SwiftProtobuf

/// What a step of a durable process gets: the process, its state, and a client for the calls it makes.
public struct ProcessStepContext: Sendable {
    public let processID: String
    public let kind: String
    public let step: String
    /// The run of this step, from 1; above 1 after a failure, a crash or a lost lease.
    public let attempt: Int
    /// The state the previous step left (or the one the process started with).
    public let state: [UInt8]
    /// A child span of the call that started the process.
    public let trace: TraceContext
    public let logger: Logger
    let client: RPCClient?

    public func state<State: Message>(as type: State.Type) throws -> State {
        do {
            return try State(serializedBytes: state)
        } catch {
            throw ProcessFailure(reason: "PROCESS_STATE_UNREADABLE", message: "流程状态无法解析（\(kind) \(processID)）")
        }
    }

    /// Calls another service for this step. Its message id derives from the process, the step, the method and
    /// `label` (to tell apart two calls of one step to one method), so running the step again reaches the stored
    /// outcome of the first run's inner write. A process acts for nobody in particular: pass a token the callee accepts
    /// when its method needs one. UNAVAILABLE is retried with the same id within `timeout`.
    public func call<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ request: Request, label: String = "", accessToken: String? = nil, timeout: Duration = .seconds(30)
    ) async throws -> Response {
        if let holder = OpenTransaction.holder {
            logger.error(
                "refused a process call made inside a database transaction", metadata: ["callee": "\(method.fullName)", "transaction": "\(holder)"])
            throw RPCError(
                code: .internal, message: "服务内部错误：不能在数据库事务中调用其他服务", reason: "RPC_IN_TRANSACTION",
                details: ["method": method.fullName, "transaction": holder])
        }
        guard let client else {
            logger.error("a process step calls another service, but its runner has no client", metadata: ["callee": "\(method.fullName)"])
            throw RPCError.internal
        }
        let options = CallOptions(
            timeout: timeout, messageID: messageID(for: method.fullName, label: label), accessToken: accessToken, trace: trace.child(),
            retryUnavailable: true)
        return try await client.call(method, request, options: options)
    }

    /// The message id `call` uses for `method` (and `label`) in this step.
    public func messageID(for method: String, label: String = "") -> String {
        DerivedMessageID.make(parent: processID, method: method, step: label.isEmpty ? step : "\(step)/\(label)")
    }
}
