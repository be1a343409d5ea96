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

    /// Parses a traceparent header (`vv-<32 hex>-<16 hex>-ff`); nil when it is malformed. Works on the UTF-8 bytes:
    /// it runs for every request, and Character-by-Character parsing showed in the RPC profile.
    public init?(traceparent: String) {
        let bytes = Array(traceparent.utf8)
        guard bytes.count == 55,
            bytes.indices.allSatisfy({ [2, 35, 52].contains($0) ? bytes[$0] == UInt8(ascii: "-") : Self.isHexDigit(bytes[$0]) })
        else { return nil }
        self.init(traceID: String(decoding: bytes[3..<35], as: UTF8.self), spanID: String(decoding: bytes[36..<52], as: UTF8.self))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// The same trace, a new span: what a service sends on when it calls another one.
    public func child() -> TraceContext { TraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8)) }

    public var traceparent: String { "00-\(traceID)-\(spanID)-01" }

    static func randomHex(bytes: Int) -> String { RandomBytes.hex(count: bytes) }
}
