import Auth
public import Contracts
import Messaging
public import Persistence
public import PostgresNIO
import RPCCore
import SwiftProtobuf

extension ServiceRouter {
    /// A write whose concurrent calls may be committed together (group commit, `IdempotentWriter.together`).
    ///
    /// After the same checks as every write (the payload decodes, the caller's token and access, no NUL), `together`
    /// gets the call with its ticket and answers its reply if a group did it, or nil; a call `together` declines (a
    /// refusal, a retry, anything unusual) runs alone through `handler`, exactly as `write(_:access:_:)` runs it, so
    /// refusals are stored and retries answered as for any write. `together` must not throw a refusal: it only
    /// takes the common case off the one-transaction-per-call path.
    public mutating func write<Request, Response>(
        _ method: RPCMethod<Request, Response>, access: Access,
        together: @escaping @Sendable (Request, CallContext, WriteTicket) async -> [UInt8]?,
        _ handler: @escaping @Sendable (Request, CallContext, PostgresConnection) async throws -> Response,
        file: String = #filePath, line: Int = #line
    ) {
        registrations[method.fullName] = Registration(file: file, line: line)
        guard let writer else { preconditionFailure("write handlers need a database") }
        let verifier = self.verifier
        let client = self.client
        let afterCommit = self.afterCommit
        rpc.register(method.fullName) { payload, context in
            defer { afterCommit() }
            let (request, call, key): (Request, CallContext, IdempotencyKey) = try await Self.admit(
                payload, context, method: method.fullName, access: access, verifier: verifier, client: client)
            if let reply = await together(request, call, WriteTicket(key: key, request: payload, logger: context.logger)) {
                return reply
            }
            return try await writer.once(key, request: payload, logger: context.logger) { connection in
                try await handler(request, call, connection).serializedBytes()
            }
        }
    }
}
