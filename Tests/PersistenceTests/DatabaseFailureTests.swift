import RPCCore
import Testing

@testable import Persistence

/// Database failures that a retry can get past are UNAVAILABLE or ABORTED, never INTERNAL (13 requests were answered
/// 500 while PostgreSQL restarted). The lost connection itself is covered end to end by the fault run
/// (IntegrationTests/FaultRunTests); PSQLError cannot be built outside PostgresNIO.
@Suite struct DatabaseFailureTests {
    @Test(
        "a server going away or not taking connections is UNAVAILABLE DATABASE_UNAVAILABLE", arguments: ["57P01", "57P02", "57P03", "53300", "08006"])
    func unavailable(_ state: String) {
        let error = DatabaseFailure.rpcError(sqlState: state)
        #expect(error?.code == .unavailable)
        #expect(error?.reason == "DATABASE_UNAVAILABLE")
    }

    @Test("a serialization failure or deadlock is ABORTED DATABASE_RETRY", arguments: ["40001", "40P01"])
    func retry(_ state: String) {
        let error = DatabaseFailure.rpcError(sqlState: state)
        #expect(error?.code == .aborted)
        #expect(error?.reason == "DATABASE_RETRY")
    }

    @Test("an SQL error stays unknown (INTERNAL to the caller)", arguments: ["42P01", "23505", "22021"])
    func sqlError(_ state: String) {
        #expect(DatabaseFailure.rpcError(sqlState: state) == nil)
    }

    @Test("errors that are not the database's are left alone")
    func foreign() {
        #expect(DatabaseFailure.rpcError(for: CancellationError()) == nil)
        #expect(DatabaseFailure.rpcError(for: RPCError.internal) == nil)
    }
}
