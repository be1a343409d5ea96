/// Just enough of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/) to write and read the
/// two RPC envelopes by hand; see RPCEnvelope.swift for why.
enum ProtobufWire {
    static let varint: UInt8 = 0
    static let fixed64: UInt8 = 1
    static let lengthDelimited: UInt8 = 2
    static let fixed32: UInt8 = 5

    static func tag(_ field: UInt64, _ wireType: UInt8) -> UInt64 { field << 3 | UInt64(wireType) }

    static func varintSize(_ value: UInt64) -> Int {
        var size = 1
        var rest = value >> 7
        while rest != 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    /// Writes a varint at `offset`; returns the offset after it.
    static func writeVarint(_ value: UInt64, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var value = value
        var offset = offset
        while value >= 0x80 {
            out[offset] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            offset += 1
        }
        out[offset] = UInt8(value)
        return offset + 1
    }

    /// Writes tag, length and `bytes`; returns the offset after them.
    static func writeLengthDelimited(
        field: UInt64, _ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int
    ) -> Int {
        var offset = writeVarint(tag(field, lengthDelimited), into: out, at: offset)
        offset = writeVarint(UInt64(bytes.count), into: out, at: offset)
        if let base = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(out.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count)
        }
        return offset + bytes.count
    }

    /// Size of a length-delimited field of `count` bytes, tag included (field numbers below 16).
    static func lengthDelimitedSize(_ count: Int) -> Int { 1 + varintSize(UInt64(count)) + count }

    /// Reads fields one by one. Returns nil from `next()` at the end, and sets `malformed` on anything it cannot
    /// read (a truncated varint or length, a group, field number 0).
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        private(set) var offset = 0
        private(set) var malformed = false

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        enum Value {
            case varint(UInt64)
            case bytes(Range<Int>)
            case fixed
        }

        mutating func next() -> (field: UInt64, wireType: UInt8, value: Value)? {
            guard offset < bytes.count, let tag = readVarint() else { return nil }
            let field = tag >> 3
            let wireType = UInt8(tag & 7)
            guard field != 0 else { return fail() }
            switch wireType {
            case ProtobufWire.varint:
                guard let value = readVarint() else { return fail() }
                return (field, wireType, .varint(value))
            case ProtobufWire.lengthDelimited:
                guard let length = readVarint(), length <= UInt64(bytes.count - offset) else { return fail() }
                let range = offset..<(offset + Int(length))
                offset = range.upperBound
                return (field, wireType, .bytes(range))
            case ProtobufWire.fixed64, ProtobufWire.fixed32:
                let size = wireType == ProtobufWire.fixed64 ? 8 : 4
                guard bytes.count - offset >= size else { return fail() }
                offset += size
                return (field, wireType, .fixed)
            default:
                // Groups (3, 4) are long deprecated; the generated decoder handles them.
                return fail()
            }
        }

        private mutating func fail() -> (field: UInt64, wireType: UInt8, value: Value)? {
            malformed = true
            return nil
        }

        private mutating func readVarint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count && shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            malformed = true
            return nil
        }
    }
}
