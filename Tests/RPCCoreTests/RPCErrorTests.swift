import Contracts
import RPCCore
import Testing

@Suite struct RPCErrorTests {
    @Test func roundTripsThroughStatus() {
        let error = RPCError(code: .failedPrecondition, message: "计量标准已过期", reason: "STANDARD_EXPIRED", details: ["standard": "S-1"])
        let decoded = RPCError(status: error.status)
        #expect(decoded == error)
        #expect(error.status.code == 9)
    }

    @Test func reasonDefaultsToCodeName() {
        #expect(RPCError(code: .notFound, message: "不存在").reason == "NOT_FOUND")
        #expect(RPCError(status: .init()).code == .ok)
    }

    @Test func internalNeverCarriesDetails() {
        #expect(RPCError.internal.details.isEmpty)
        #expect(RPCError.internal.code == .internal)
    }
}
