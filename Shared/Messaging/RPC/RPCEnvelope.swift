import Contracts
import RPCCore
import SwiftProtobuf

/// The envelopes of every call (`RpcRequest`, `RpcReply` in proto/metrology/common/v1/status.proto), written and
/// read by hand.
///
/// Why: through the generated types, an envelope copies its payload into a `Data` (two heap allocations) and out
/// again into an array, and the trace travels as a string; the envelopes cost eleven allocations of a call's
/// sixty-odd, and their generic decoding showed in the profile (see BENCHMARKS.md). Here a request's payload is
/// copied once, a reply's not at all, and the trace is read from the bytes. Only the shapes the platform writes take
/// this path; anything else (a repeated status, a field with an unexpected wire type, a string that is not UTF-8) goes
/// to the generated decoder, so what is accepted and what is refused stays exactly protobuf's. `RPCEnvelopeTests`
/// checks both directions against the generated types.
struct RequestEnvelope: Sendable {
    var payload: [UInt8]
    /// Milliseconds since the Unix epoch; 0 means none.
    var deadlineUnixMs: Int64
    /// Nil when the caller sent none, or one that is not a valid traceparent.
    var trace: TraceContext?
    var authorization: String?
    var deviceID: String?
}

extension RequestEnvelope {
    /// Reads a request body; throws when it is not an `RpcRequest`.
    init(decoding body: [UInt8]) throws {
        if let fast = body.withUnsafeBytes({ Self.readCommonShape($0) }) {
            self = fast
            return
        }
        let decoded = try Metrology_Common_V1_RpcRequest(serializedBytes: body)
        self.init(
            payload: Array(decoded.payload), deadlineUnixMs: decoded.deadlineUnixMs, trace: TraceContext(traceparent: decoded.traceparent),
            authorization: decoded.authorization.isEmpty ? nil : decoded.authorization, deviceID: decoded.deviceID.isEmpty ? nil : decoded.deviceID)
    }

    private static func readCommonShape(_ bytes: UnsafeRawBufferPointer) -> RequestEnvelope? {
        var reader = ProtobufWire.Reader(bytes)
        var envelope = RequestEnvelope(payload: [], deadlineUnixMs: 0, trace: nil, authorization: nil, deviceID: nil)
        while let (field, _, value) = reader.next() {
            switch (field, value) {
            case (1, .bytes(let range)):
                envelope.payload = Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
            case (2, .varint(let number)):
                envelope.deadlineUnixMs = Int64(bitPattern: number)
            case (3, .bytes(let range)):
                // Empty means none; anything but a well-formed header is left to the generated decoder, which also
                // checks that the string is UTF-8.
                guard !range.isEmpty else { envelope.trace = nil; continue }
                guard let trace = TraceContext(traceparentUTF8: UnsafeRawBufferPointer(rebasing: bytes[range])) else { return nil }
                envelope.trace = trace
            case (4, .bytes(let range)):
                guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else { return nil }
                envelope.authorization = text.isEmpty ? nil : text
            case (5, .bytes(let range)):
                guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else { return nil }
                envelope.deviceID = text.isEmpty ? nil : text
            case (1...5, _):
                return nil  // A known field with another wire type.
            default:
                continue  // An unknown field, from a newer client: skipped, as protobuf does.
            }
        }
        return reader.malformed ? nil : envelope
    }

    /// The encoded `RpcRequest`, byte for byte what the generated type writes: fields in number order, defaults left out.
    func encoded() -> [UInt8] {
        var authorization = authorization ?? ""
        var deviceID = deviceID ?? ""
        let deadline = UInt64(bitPattern: deadlineUnixMs)
        var size = payload.isEmpty ? 0 : ProtobufWire.lengthDelimitedSize(payload.count)
        if deadline != 0 { size += 1 + ProtobufWire.varintSize(deadline) }
        if trace != nil { size += ProtobufWire.lengthDelimitedSize(TraceContext.traceparentLength) }
        if !authorization.isEmpty { size += ProtobufWire.lengthDelimitedSize(authorization.utf8.count) }
        if !deviceID.isEmpty { size += ProtobufWire.lengthDelimitedSize(deviceID.utf8.count) }
        return [UInt8](unsafeUninitializedCapacity: size) { out, count in
            var offset = 0
            if !payload.isEmpty {
                offset = payload.withUnsafeBytes { ProtobufWire.writeLengthDelimited(field: 1, $0, into: out, at: offset) }
            }
            if deadline != 0 {
                offset = ProtobufWire.writeVarint(ProtobufWire.tag(2, ProtobufWire.varint), into: out, at: offset)
                offset = ProtobufWire.writeVarint(deadline, into: out, at: offset)
            }
            if let trace {
                offset = ProtobufWire.writeVarint(ProtobufWire.tag(3, ProtobufWire.lengthDelimited), into: out, at: offset)
                offset = ProtobufWire.writeVarint(UInt64(TraceContext.traceparentLength), into: out, at: offset)
                trace.writeTraceparent(
                    into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + TraceContext.traceparentLength)]))
                )
                offset += TraceContext.traceparentLength
            }
            if !authorization.isEmpty {
                offset = authorization.withUTF8 { ProtobufWire.writeLengthDelimited(field: 4, UnsafeRawBufferPointer($0), into: out, at: offset) }
            }
            if !deviceID.isEmpty {
                offset = deviceID.withUTF8 { ProtobufWire.writeLengthDelimited(field: 5, UnsafeRawBufferPointer($0), into: out, at: offset) }
            }
            precondition(offset == size, "RpcRequest size miscounted")
            count = offset
        }
    }
}

/// A reply's body and where its payload lies in it.
struct ReplyEnvelope: Sendable {
    let body: [UInt8]
    let payload: Range<Int>

    /// Reads a reply body: its payload when the status is OK, else throws the status as an `RPCError`; a body that is
    /// not an `RpcReply` throws INTERNAL (`MALFORMED_REPLY`).
    init(decoding body: [UInt8]) throws {
        var statusRange: Range<Int>?
        var payload = 0..<0
        var commonShape = true
        body.withUnsafeBytes { bytes in
            var reader = ProtobufWire.Reader(bytes)
            while let (field, _, value) = reader.next() {
                switch (field, value) {
                case (1, .bytes(let range)) where statusRange == nil: statusRange = range
                case (2, .bytes(let range)): payload = range
                case (1...2, _): commonShape = false  // A second status merges into the first: the generated decoder's job.
                default: continue
                }
            }
            if reader.malformed { commonShape = false }
        }
        guard commonShape else {
            let reply: Metrology_Common_V1_RpcReply
            do { reply = try Metrology_Common_V1_RpcReply(serializedBytes: body) } catch { throw Self.malformed }
            guard reply.status.code == RPCCode.ok.rawValue else { throw RPCError(status: reply.status) }
            self.body = Array(reply.payload)
            self.payload = 0..<self.body.count
            return
        }
        // An OK status is an empty message: code 0 is protobuf's default and is not written.
        if let statusRange, !statusRange.isEmpty {
            let status: Metrology_Common_V1_Status
            do { status = try Metrology_Common_V1_Status(serializedBytes: body.span.bytes.extracting(statusRange)) } catch { throw Self.malformed }
            guard status.code == RPCCode.ok.rawValue else { throw RPCError(status: status) }
        }
        self.body = body
        self.payload = payload
    }

    private static var malformed: RPCError { RPCError(code: .internal, message: "服务返回的数据无法解析", reason: "MALFORMED_REPLY") }

    /// Decodes the payload as `Response` without copying it out.
    func decode<Response: SwiftProtobuf.Message>(_: Response.Type) throws -> Response {
        try Response(serializedBytes: body.span.bytes.extracting(payload))
    }

    var payloadBytes: [UInt8] { payload == body.indices ? body : Array(body[payload]) }

    /// An OK reply around `payload`, byte for byte what the generated type writes for it.
    static func encodeOK(payload: [UInt8]) -> [UInt8] {
        let size = 2 + (payload.isEmpty ? 0 : ProtobufWire.lengthDelimitedSize(payload.count))
        return [UInt8](unsafeUninitializedCapacity: size) { out, count in
            // Field 1, the status: present and empty.
            out[0] = UInt8(ProtobufWire.tag(1, ProtobufWire.lengthDelimited))
            out[1] = 0
            count = payload.isEmpty ? 2 : payload.withUnsafeBytes { ProtobufWire.writeLengthDelimited(field: 2, $0, into: out, at: 2) }
        }
    }

    /// A failed reply (the less common path, through the generated type).
    static func encode(status: Metrology_Common_V1_Status) -> [UInt8] {
        var reply = Metrology_Common_V1_RpcReply()
        reply.status = status
        return (try? reply.serializedBytes()) ?? []
    }
}
