import RPCCore
import Testing

@Suite struct TraceContextTests {
    @Test func parsesAndFormatsW3CTraceparent() throws {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let trace = try #require(TraceContext(traceparent: header))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.spanID == "00f067aa0ba902b7")
        #expect(trace.traceparent == header)
    }

    @Test(
        "malformed traceparent headers are refused",
        arguments: [
            "", "00-xyz-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa-01", "garbage",
            // Right length, a dash or a non-hex letter where a digit belongs, a wrong separator.
            "00-4bf92f3577b34da6-3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bg-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        ])
    func refusesMalformed(_ header: String) {
        #expect(TraceContext(traceparent: header) == nil)
    }

    @Test func randomTracesAreLowerCaseHexAndDistinct() {
        let traces = (0..<500).map { _ in TraceContext.random() }
        let hex = Set("0123456789abcdef")
        for trace in traces {
            #expect(trace.traceID.count == 32 && trace.traceID.allSatisfy(hex.contains))
            #expect(trace.spanID.count == 16 && trace.spanID.allSatisfy(hex.contains))
        }
        #expect(Set(traces.map(\.traceID)).count == traces.count)
    }

    @Test func childKeepsTraceWithNewSpan() {
        let parent = TraceContext.random()
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.spanID != parent.spanID)
        #expect(TraceContext(traceparent: child.traceparent) == child)
    }

    @Test func idsAreCheckedAndWrittenInLowerCase() throws {
        let trace = try #require(TraceContext(traceID: "4BF92F3577B34DA6A3CE929D0E0E4736", spanID: "00F067AA0BA902B7"))
        #expect(trace.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e473", spanID: "00f067aa0ba902b7") == nil)  // 31 digits
        #expect(TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902bz") == nil)
        #expect(TraceContext(traceID: "", spanID: "") == nil)
    }
}
