/// A W3C trace context (`traceparent: 00-<trace id>-<span id>-<flags>`), carried on every call and event so one
/// request can be followed through the logs of every service.
public struct TraceContext: Sendable, Hashable {
    public var traceID: String
    public var spanID: String

    public init(traceID: String, spanID: String) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// A new trace with a random trace id.
    public static func random() -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8))
    }

    /// Parses a traceparent header; nil when it is malformed.
    public init?(traceparent: String) {
        let parts = traceparent.split(separator: "-")
        guard parts.count == 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16,
            parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(traceID: String(parts[1]), spanID: String(parts[2]))
    }

    /// The same trace, a new span: what a service sends on when it calls another one.
    public func child() -> TraceContext { TraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8)) }

    public var traceparent: String { "00-\(traceID)-\(spanID)-01" }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }
        return text
    }
}
