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

/// The echo service's RPCs: a read, two idempotent writes (one with pauses a test can kill it in), one with an event.
struct EchoHandlers: Sendable {
    let runtime: ServiceRuntime

    func echo(_ request: Metrology_Testing_V1_EchoRequest, _ context: CallContext) async throws -> Metrology_Testing_V1_EchoResponse {
        var response = Metrology_Testing_V1_EchoResponse()
        response.payload = request.payload
        response.instanceID = runtime.settings.instanceID
        return response
    }

    /// Registered by hand rather than with `write`, to pause after the commit and before the reply.
    func increment(_ payload: [UInt8], _ context: RPCContext) async throws -> [UInt8] {
        let request: Metrology_Testing_V1_IncrementRequest
        do { request = try .init(serializedBytes: payload) } catch { throw MalformedPayload(method: EchoMethods.increment.fullName) }
        guard !request.counter.isEmpty else { throw RPCError.invalidArgument("counter 不能为空", reason: "ECHO_COUNTER_MISSING") }
        try await runtime.database.query(
            "INSERT INTO handling (message_id, instance) VALUES (\(context.messageID), \(runtime.settings.instanceID))", logger: context.logger)
        let instance = runtime.settings.instanceID
        let reply = try await runtime.writer.once(messageID: context.messageID, method: context.method, request: payload, logger: context.logger) {
            connection in
            if request.pauseBeforeCommitMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.pauseBeforeCommitMs))) }
            var response = Metrology_Testing_V1_IncrementResponse()
            response.value = try await Self.bump(request.counter, on: connection, logger: context.logger)
            response.instanceID = instance
            return try response.serializedBytes()
        }
        if request.pauseAfterCommitMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.pauseAfterCommitMs))) }
        return reply
    }

    func bump(
        _ request: Metrology_Testing_V1_BumpRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Testing_V1_BumpResponse
    {
        var response = Metrology_Testing_V1_BumpResponse()
        response.value = try await Self.bump(request.counter, on: connection, logger: context.logger)
        var event = Metrology_Testing_V1_CounterBumped()
        event.counter = request.counter
        event.value = response.value
        try await Outbox.append(
            EchoEvents.counterBumped, subject: request.counter, payload: event, trace: context.rpc.trace, on: connection,
            logger: context.logger)
        return response
    }

    func getCounter(_ request: Metrology_Testing_V1_GetCounterRequest, _ context: CallContext) async throws -> Metrology_Testing_V1_GetCounterResponse
    {
        var response = Metrology_Testing_V1_GetCounterResponse()
        let rows = try await runtime.database.query("SELECT value, executions FROM counters WHERE name = \(request.counter)", logger: context.logger)
        for try await (value, executions) in rows.decode((Int64, Int64).self) {
            response.value = value
            response.executions = executions
        }
        return response
    }

    static func bump(_ counter: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO counters (name, value, executions) VALUES (\(counter), 1, 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1, executions = counters.executions + 1 RETURNING value
            """, logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        throw RPCError.internal
    }
}
