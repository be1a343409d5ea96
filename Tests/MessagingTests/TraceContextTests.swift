import Messaging
import Testing

@Suite struct TraceContextTests {
    @Test func parsesAndFormatsW3CTraceparent() throws {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let trace = try #require(TraceContext(traceparent: header))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.spanID == "00f067aa0ba902b7")
        #expect(trace.traceparent == header)
    }

    @Test("malformed traceparent headers are refused", arguments: ["", "00-xyz-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa-01", "garbage"])
    func refusesMalformed(_ header: String) {
        #expect(TraceContext(traceparent: header) == nil)
    }

    @Test func childKeepsTraceWithNewSpan() {
        let parent = TraceContext.random()
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.spanID != parent.spanID)
        #expect(TraceContext(traceparent: child.traceparent) == child)
    }
}
