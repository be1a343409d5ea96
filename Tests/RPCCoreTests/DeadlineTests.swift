import Foundation
import RPCCore
import Synchronization
import Testing

/// A call's deadline cancels its handler: the handler's wait (here: for a gate that never opens, as a pool wait for a
/// connection that never comes) ends in DEADLINE_EXCEEDED rather than lasting for ever.
@Suite struct DeadlineTests {
    @Test("a handler still waiting at the deadline is cancelled and the call fails DEADLINE_EXCEEDED")
    func cancelsAtDeadline() async throws {
        let cancelled = Flag()
        let error = await #expect(throws: RPCError.self) {
            try await withDeadline(Date().addingTimeInterval(0.05)) {
                await withTaskCancellationHandler {
                    // Waits until cancelled, as postgres-nio's pool does for a connection.
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                } onCancel: {
                    cancelled.set()
                }
                return 1
            }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.reason == "DEADLINE_EXCEEDED")
        #expect(cancelled.value)
    }

    @Test("a deadline already past does not run the handler")
    func pastDeadline() async {
        let ran = Flag()
        let error = await #expect(throws: RPCError.self) {
            try await withDeadline(Date(timeIntervalSince1970: 1000), now: Date(timeIntervalSince1970: 2000)) { ran.set() }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(!ran.value)
    }

    @Test("a handler that finishes in time returns its result and its own errors")
    func inTime() async throws {
        #expect(try await withDeadline(Date().addingTimeInterval(60)) { 42 } == 42)
        let error = await #expect(throws: RPCError.self) {
            try await withDeadline(Date().addingTimeInterval(60)) { () async throws -> Int in throw RPCError.notFound("没有") }
        }
        #expect(error?.code == .notFound)
    }
}

final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}
