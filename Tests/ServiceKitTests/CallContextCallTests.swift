import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import RPCCore
import ServiceKit
import Testing

/// `CallContext.call`: no RPC while a write's transaction is open, derived message ids, the caller's deadline.
@Suite struct CallContextCallTests {
    /// A context whose client is never started: every test here is answered before anything is sent.
    func context(messageID: String = "5b0c2b9e-0000-4000-8000-000000000001", deadline: Date? = nil) -> CallContext {
        let logger = Logger(label: "test")
        let rpc = RPCContext(
            service: "echo", method: EchoMethods.bump.fullName, messageID: messageID, deadline: deadline, authorization: "Bearer t", trace: .random(),
            redelivered: false, logger: logger)
        return CallContext(rpc: rpc, principal: nil, client: RPCClient(configuration: AMQPConfiguration(), logger: logger))
    }

    @Test("a call inside an open write transaction is refused with INTERNAL RPC_IN_TRANSACTION, naming the write")
    func refusedInsideTransaction() async throws {
        let context = context()
        let error = await #expect(throws: RPCError.self) {
            try await OpenTransaction.$holder.withValue(EchoMethods.bump.fullName) {
                _ = try await context.call(FlowsMethods.issueNumber, .init(), step: "number")
            }
        }
        #expect(error?.code == .internal)
        #expect(error?.reason == "RPC_IN_TRANSACTION")
        #expect(error?.details["transaction"] == EchoMethods.bump.fullName)
        #expect(error?.details["method"] == FlowsMethods.issueNumber.fullName)
    }

    @Test("a child task of the transaction is refused too (the mark is inherited)")
    func refusedInChildTask() async throws {
        let context = context()
        let error = await #expect(throws: RPCError.self) {
            try await OpenTransaction.$holder.withValue("transaction") {
                async let inner = context.call(FlowsMethods.issueNumber, .init(), step: "number")
                _ = try await inner
            }
        }
        #expect(error?.reason == "RPC_IN_TRANSACTION")
    }

    @Test("a caller whose deadline has passed gets DEADLINE_EXCEEDED before anything is sent")
    func expiredDeadline() async throws {
        let context = context(deadline: Date().addingTimeInterval(-1))
        let error = await #expect(throws: RPCError.self) { _ = try await context.call(FlowsMethods.issueNumber, .init(), step: "number") }
        #expect(error?.reason == "DEADLINE_EXCEEDED")
    }

    @Test("the derived id is a UUID, the same for the same caller id, method and step, different when any differs")
    func derivedIDs() {
        let first = context(messageID: "5b0c2b9e-0000-4000-8000-000000000001")
        let second = context(messageID: "5b0c2b9e-0000-4000-8000-000000000002")
        let id = first.derivedMessageID(FlowsMethods.issueNumber.fullName, step: "number")
        #expect(UUID(uuidString: id) != nil)
        #expect(id == first.derivedMessageID(FlowsMethods.issueNumber.fullName, step: "number"))
        #expect(
            id == DerivedMessageID.make(parent: "5b0c2b9e-0000-4000-8000-000000000001", method: FlowsMethods.issueNumber.fullName, step: "number"))
        #expect(id != second.derivedMessageID(FlowsMethods.issueNumber.fullName, step: "number"))
        #expect(id != first.derivedMessageID(FlowsMethods.issueNumber.fullName, step: "number-2"))
        #expect(id != first.derivedMessageID(FlowsMethods.previewNumbers.fullName, step: "number"))
    }

    @Test("the timeout is what is left of the caller's deadline, at most the cap; nothing once it passed")
    func remaining() {
        let now = Date()
        #expect(CallContext.remaining(before: nil, now: now, cap: .seconds(30)) == .seconds(30))
        #expect(CallContext.remaining(before: now.addingTimeInterval(2), now: now, cap: .seconds(30)) == .milliseconds(2000))
        #expect(CallContext.remaining(before: now.addingTimeInterval(60), now: now, cap: .seconds(30)) == .seconds(30))
        #expect(CallContext.remaining(before: now.addingTimeInterval(-0.5), now: now, cap: .seconds(30)) == nil)
    }
}
