import Foundation

/// A bounded CBOR decoder (RFC 8949) for what WebAuthn sends: the attestation object and the COSE key inside the
/// authenticator data. Written here rather than taken from a package because it reads hostile bytes and must stay
/// small enough to review: every length is checked against the bytes left before anything is allocated, nesting
/// is limited (no unbounded recursion), the item count is limited, and indefinite lengths are refused (CTAP2's
/// canonical encoding never uses them). Any violation is a `CBOR.Malformed`, never a crash.
indirect enum CBOR: Equatable, Sendable {
    case unsigned(UInt64)
    /// The value is -1 - n.
    case negative(UInt64)
    case bytes(Data)
    case text(String)
    case array([CBOR])
    /// Pairs in the order encoded (WebAuthn maps are small; a linear lookup is fine).
    case map([(CBOR, CBOR)])
    case tagged(UInt64, CBOR)
    case bool(Bool)
    case null
    case undefined
    case simple(UInt8)
    case float(Double)

    struct Malformed: Error, Equatable, Sendable {
        let reason: String
    }

    struct Limits: Sendable {
        /// Arrays and maps inside each other: a COSE key is 1 deep, an attestation object 2–3.
        var maxDepth = 16
        /// Every data item counted once: keeps a flood of tiny items from costing time and memory.
        var maxItems = 4_096
    }

    /// Decodes one item from the start of `data`; returns it with the number of bytes it took (the authenticator
    /// data has bytes after its COSE key).
    static func decodePrefix(_ data: Data, limits: Limits = Limits()) throws(Malformed) -> (value: CBOR, length: Int) {
        var reader = Reader(bytes: [UInt8](data), limits: limits)
        let value = try reader.item(depth: 0)
        return (value, reader.offset)
    }

    /// Decodes exactly one item that fills `data`.
    static func decode(_ data: Data, limits: Limits = Limits()) throws(Malformed) -> CBOR {
        let (value, length) = try decodePrefix(data, limits: limits)
        guard length == data.count else { throw Malformed(reason: "trailing bytes after the item") }
        return value
    }

    static func == (lhs: CBOR, rhs: CBOR) -> Bool {
        switch (lhs, rhs) {
        case (.unsigned(let a), .unsigned(let b)), (.negative(let a), .negative(let b)): a == b
        case (.bytes(let a), .bytes(let b)): a == b
        case (.text(let a), .text(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.tagged(let t, let a), .tagged(let u, let b)): t == u && a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null), (.undefined, .undefined): true
        case (.simple(let a), .simple(let b)): a == b
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        default: false
        }
    }

    /// A map's value for an integer key (COSE labels) or a text key (attestation object).
    subscript(key: Int) -> CBOR? {
        guard case .map(let pairs) = self else { return nil }
        let wanted: CBOR = key >= 0 ? .unsigned(UInt64(key)) : .negative(UInt64(-1 - key))
        return pairs.first { $0.0 == wanted }?.1
    }

    subscript(key: String) -> CBOR? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.0 == .text(key) }?.1
    }

    /// The value as a signed integer, when it is one that fits.
    var int: Int? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int.max) ? Int(n) : nil
        case .negative(let n): n < UInt64(Int.max) ? -1 - Int(n) : nil
        default: nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        let limits: Limits
        var offset = 0
        var items = 0

        mutating func byte() throws(Malformed) -> UInt8 {
            guard offset < bytes.count else { throw Malformed(reason: "truncated") }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// `count` bytes, after checking they are there (a huge declared length fails here, before any allocation).
        mutating func take(_ count: UInt64) throws(Malformed) -> ArraySlice<UInt8> {
            guard count <= UInt64(bytes.count - offset) else { throw Malformed(reason: "length \(count) beyond the input") }
            let end = offset + Int(count)
            defer { offset = end }
            return bytes[offset..<end]
        }

        mutating func argument(_ info: UInt8) throws(Malformed) -> UInt64 {
            switch info {
            case 0..<24: return UInt64(info)
            case 24: return UInt64(try byte())
            case 25, 26, 27:
                let width = 1 << (info - 24)
                var value: UInt64 = 0
                for byte in try take(UInt64(width)) { value = value << 8 | UInt64(byte) }
                return value
            case 31: throw Malformed(reason: "indefinite length")
            default: throw Malformed(reason: "reserved additional information \(info)")
            }
        }

        mutating func item(depth: Int) throws(Malformed) -> CBOR {
            guard depth <= limits.maxDepth else { throw Malformed(reason: "nested deeper than \(limits.maxDepth)") }
            items += 1
            guard items <= limits.maxItems else { throw Malformed(reason: "more than \(limits.maxItems) items") }
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1F
            switch major {
            case 0: return .unsigned(try argument(info))
            case 1: return .negative(try argument(info))
            case 2: return .bytes(Data(try take(try argument(info))))
            case 3:
                guard let text = String(validating: try take(try argument(info)), as: UTF8.self) else {
                    throw Malformed(reason: "text is not UTF-8")
                }
                return .text(text)
            case 4:
                let count = try argument(info)
                // Each element takes at least one byte: a count beyond the bytes left is a lie.
                guard count <= UInt64(bytes.count - offset) else { throw Malformed(reason: "array of \(count) beyond the input") }
                var elements: [CBOR] = []
                elements.reserveCapacity(Int(count))
                for _ in 0..<count { elements.append(try item(depth: depth + 1)) }
                return .array(elements)
            case 5:
                let count = try argument(info)
                guard count <= UInt64(bytes.count - offset) / 2 else { throw Malformed(reason: "map of \(count) beyond the input") }
                var pairs: [(CBOR, CBOR)] = []
                pairs.reserveCapacity(Int(count))
                for _ in 0..<count {
                    let key = try item(depth: depth + 1)
                    guard !pairs.contains(where: { $0.0 == key }) else { throw Malformed(reason: "duplicate map key") }
                    pairs.append((key, try item(depth: depth + 1)))
                }
                return .map(pairs)
            case 6: return .tagged(try argument(info), try item(depth: depth + 1))
            default: return try simple(info)
            }
        }

        mutating func simple(_ info: UInt8) throws(Malformed) -> CBOR {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 24: return .simple(try byte())
            case 25: return .float(Double(Float16Bits.decode(UInt16(try argument(info)))))
            case 26: return .float(Double(Float(bitPattern: UInt32(try argument(info)))))
            case 27: return .float(Double(bitPattern: try argument(info)))
            case 31: throw Malformed(reason: "break outside an indefinite item")
            case 0..<20: return .simple(info)
            default: throw Malformed(reason: "reserved simple value \(info)")
            }
        }
    }

    /// IEEE 754 half precision, decoded by hand: `Float16` is not available on every platform Swift builds for.
    private enum Float16Bits {
        static func decode(_ bits: UInt16) -> Float {
            let sign: Float = bits & 0x8000 == 0 ? 1 : -1
            let exponent = Int((bits >> 10) & 0x1F)
            let fraction = Float(bits & 0x03FF)
            switch exponent {
            case 0: return sign * fraction * Float(pow(2.0, -24.0))
            case 31: return fraction == 0 ? sign * .infinity : .nan
            default: return sign * (1 + fraction / 1024) * Float(pow(2.0, Double(exponent - 15)))
            }
        }
    }
}
