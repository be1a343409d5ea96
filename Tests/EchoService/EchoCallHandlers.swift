import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceBootstrap
import ServiceKit
import SwiftProtobuf

/// The echo service's calls to other services (issue 15): a write that takes a gapless number from flows before its
/// transaction, and a write that starts a durable two-step process.
struct EchoCallHandlers: Sendable {
    let runtime: ServiceRuntime

    // MARK: - NumberedBump

    /// Before the transaction: takes the number on behalf of the caller (its token, a message id derived from the
    /// caller's). With `fail_once_after_call`, the first attempt then fails as a crash after the inner call would.
    func takeNumber(_ request: Metrology_Testing_V1_NumberedBumpRequest, _ context: CallContext) async throws -> Metrology_Flows_V1_IssuedNumber {
        var issue = Metrology_Flows_V1_IssueNumberRequest()
        issue.itemID = request.itemID
        issue.typeCode = request.typeCode
        issue.target = request.target
        // No reference: flows would answer a known reference with its number whatever the message id, and this call
        // exists to show that the derived message id alone makes a retry reach the same number.
        issue.reference = ""
        let number = try await context.call(FlowsMethods.issueNumber, issue, step: "number")
        if request.failOnceAfterCall {
            let rows = try await runtime.database.query(
                "INSERT INTO failed_once (name) VALUES (\(request.counter)) ON CONFLICT (name) DO NOTHING RETURNING 1", logger: context.logger)
            var first = false
            for try await _ in rows { first = true }
            if first { throw RPCError.unavailable("测试：取号之后第一次失败", reason: "ECHO_FAILED_ONCE") }
        }
        return number
    }

    func numberedBump(
        _ request: Metrology_Testing_V1_NumberedBumpRequest, _ number: Metrology_Flows_V1_IssuedNumber, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Testing_V1_NumberedBumpResponse {
        var response = Metrology_Testing_V1_NumberedBumpResponse()
        response.number = number.number
        response.sequence = number.sequence
        response.value = try await EchoHandlers.bump(request.counter, on: connection, logger: context.logger)
        return response
    }

    // MARK: - StartSteps

    func startSteps(
        _ request: Metrology_Testing_V1_StartStepsRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Testing_V1_StartStepsResponse
    {
        guard !request.counter.isEmpty else { throw RPCError.invalidArgument("counter 不能为空", reason: "ECHO_COUNTER_MISSING") }
        var state = Metrology_Testing_V1_StepsState()
        state.counter = request.counter
        state.refuse = request.refuse
        var response = Metrology_Testing_V1_StartStepsResponse()
        response.processID = try await Processes.start(
            Self.steps(queue: runtime.settings.service), state: try state.serializedBytes(), trace: context.rpc.trace, on: connection,
            logger: context.logger)
        return response
    }

    /// Two steps, each bumping its own counter through this service's own queue (a write, once per message id).
    /// The kind is named after the queue, so instances of other tests' queues, sharing the `echo` schema, leave it alone.
    static func steps(queue: String) -> ProcessKind {
        let bump =
            RPCMethod(service: queue, fullName: EchoMethods.bump.fullName)
            as RPCMethod<Metrology_Testing_V1_BumpRequest, Metrology_Testing_V1_BumpResponse>
        let increment =
            RPCMethod(service: queue, fullName: EchoMethods.increment.fullName)
            as RPCMethod<Metrology_Testing_V1_IncrementRequest, Metrology_Testing_V1_IncrementResponse>
        return ProcessKind(
            "\(queue).steps", first: "one",
            steps: [
                "one": { context in
                    var state = try context.state(as: Metrology_Testing_V1_StepsState.self)
                    if state.refuse {
                        // An empty counter: Increment refuses it (INVALID_ARGUMENT ECHO_COUNTER_MISSING), for good.
                        _ = try await context.call(increment, Metrology_Testing_V1_IncrementRequest())
                    }
                    var request = Metrology_Testing_V1_BumpRequest()
                    request.counter = "\(state.counter)-one"
                    state.first = try await context.call(bump, request).value
                    return try .next("two", state: state)
                },
                "two": { context in
                    var state = try context.state(as: Metrology_Testing_V1_StepsState.self)
                    var request = Metrology_Testing_V1_BumpRequest()
                    request.counter = "\(state.counter)-two"
                    state.second = try await context.call(bump, request).value
                    return try .finished(state: state)
                },
            ], firstPause: .milliseconds(200))
    }
}
