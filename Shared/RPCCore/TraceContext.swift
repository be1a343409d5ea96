/// A W3C trace context (`traceparent: 00-<trace id>-<span id>-<flags>`), carried on every call and event so one
/// request can be followed through the logs of every service.
///
/// The ids are kept as numbers and written out as hex only when someone reads them: every call makes a trace or
/// span id and parses the caller's, and as strings of 32 and 16 characters each one was a heap allocation (Swift
/// keeps at most 15 bytes inline), five per call in the RPC profile (see BENCHMARKS.md).
public struct TraceContext: Sendable, Hashable {
    private var traceHigh: UInt64
    private var traceLow: UInt64
    private var span: UInt64

    private init(traceHigh: UInt64, traceLow: UInt64, span: UInt64) {
        self.traceHigh = traceHigh
        self.traceLow = traceLow
        self.span = span
    }

    /// From the ids' hex forms (32 and 16 hex digits, either case); nil when one is malformed.
    public init?(traceID: String, spanID: String) {
        var traceID = traceID
        var spanID = spanID
        let parsed: TraceContext? = traceID.withUTF8 { trace in
            spanID.withUTF8 { span in
                guard trace.count == 32, span.count == 16, let high = Self.hexValue(trace[0..<16]), let low = Self.hexValue(trace[16..<32]),
                    let spanValue = Self.hexValue(span[0..<16])
                else { return nil }
                return TraceContext(traceHigh: high, traceLow: low, span: spanValue)
            }
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// A new trace with a random trace id.
    public static func random() -> TraceContext {
        RandomBytes.with(count: 24) { bytes in
            TraceContext(
                traceHigh: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), traceLow: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                span: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        }
    }

    /// Parses a traceparent header (`vv-<32 hex>-<16 hex>-ff`); nil when it is malformed.
    public init?(traceparent: String) {
        var header = traceparent
        guard let parsed = header.withUTF8({ TraceContext(traceparentUTF8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The same, from the header's UTF-8 bytes (as they come in a request envelope).
    package init?(traceparentUTF8 bytes: UnsafeRawBufferPointer) {
        let dash = UInt8(ascii: "-")
        guard bytes.count == 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash, Self.hexValue(bytes[0..<2]) != nil,
            Self.hexValue(bytes[53..<55]) != nil, let high = Self.hexValue(bytes[3..<19]), let low = Self.hexValue(bytes[19..<35]),
            let span = Self.hexValue(bytes[36..<52])
        else { return nil }
        self.init(traceHigh: high, traceLow: low, span: span)
    }

    /// The same trace, a new span: what a service sends on when it calls another one.
    public func child() -> TraceContext {
        TraceContext(traceHigh: traceHigh, traceLow: traceLow, span: RandomBytes.with(count: 8) { $0.loadUnaligned(as: UInt64.self) })
    }

    /// 32 lower-case hex digits.
    public var traceID: String {
        String(unsafeUninitializedCapacity: 32) { text in
            Self.writeHex(traceHigh, into: text, at: 0)
            Self.writeHex(traceLow, into: text, at: 16)
            return 32
        }
    }

    /// 16 lower-case hex digits.
    public var spanID: String {
        String(unsafeUninitializedCapacity: 16) { text in
            Self.writeHex(span, into: text, at: 0)
            return 16
        }
    }

    public var traceparent: String {
        String(unsafeUninitializedCapacity: Self.traceparentLength) { text in
            writeTraceparent(into: UnsafeMutableRawBufferPointer(text))
            return Self.traceparentLength
        }
    }

    package static let traceparentLength = 55

    /// Writes `00-<trace id>-<span id>-01` into the first 55 bytes of `target`.
    package func writeTraceparent(into target: UnsafeMutableRawBufferPointer) {
        let text = target.bindMemory(to: UInt8.self)
        let dash = UInt8(ascii: "-")
        text[0] = UInt8(ascii: "0")
        text[1] = UInt8(ascii: "0")
        text[2] = dash
        Self.writeHex(traceHigh, into: text, at: 3)
        Self.writeHex(traceLow, into: text, at: 19)
        text[35] = dash
        Self.writeHex(span, into: text, at: 36)
        text[52] = dash
        text[53] = UInt8(ascii: "0")
        text[54] = UInt8(ascii: "1")
    }

    private static func writeHex(_ value: UInt64, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for index in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(index))) & 0x0F
            text[offset + index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
        }
    }

    /// The value of up to 16 hex digits (either case), or nil when one is not a hex digit.
    private static func hexValue<Bytes: Collection<UInt8>>(_ digits: Bytes) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
