import CRabbitMQ
import Testing

/// `metrology_encode_publish` (Shared/CRabbitMQ/shim.h) writes a publish, and optionally an ack, as the frames
/// librabbitmq would send one by one. Decoded here with librabbitmq's own decoders.
@Suite struct PublishFramesTests {
    private struct Frame {
        let type: UInt8
        let channel: UInt16
        let payload: [UInt8]
    }

    @Test func publishWithHeadersSplitBodyAndAckDecodesBack() throws {
        let body = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var out = [UInt8](repeating: 0, count: 16_384)
        let length = encode(into: &out, body: body, frameMax: 4096, ackTag: 77)
        try #require(length > 0)
        let frames = try split(Array(out[0..<length]))

        // method, header, three body frames (4088 + 4088 + 1824 bytes), ack
        #expect(frames.map(\.type) == [1, 2, 3, 3, 3, 1])
        #expect(frames.allSatisfy { $0.channel == 1 })
        #expect(frames[2...4].map(\.payload.count) == [4088, 4088, 1824])
        #expect(Array(frames[2...4].map(\.payload).joined()) == body)

        var pool = amqp_pool_t()
        init_amqp_pool(&pool, 4096)
        defer { empty_amqp_pool(&pool) }

        #expect(methodNumber(frames[0]) == AMQP_BASIC_PUBLISH_METHOD)
        try decodeMethod(frames[0], &pool) { decoded in
            let publish = decoded.assumingMemoryBound(to: amqp_basic_publish_t.self).pointee
            #expect(string(publish.routing_key) == "metrology.echo.rpc")
            #expect(publish.exchange.len == 0)
            #expect(publish.mandatory == 1)
        }

        // Content header: class 60, weight 0, body size, then the properties.
        let header = frames[1].payload
        #expect(header[0] == 0 && header[1] == 60)
        #expect(header[4..<12].reduce(0) { $0 << 8 | UInt64($1) } == UInt64(body.count))
        // Decoded strings point into the encoded bytes, so they are read while those are alive.
        try Array(header[12...]).withUnsafeBytes { raw in
            var decoded: UnsafeMutableRawPointer?
            let status = amqp_decode_properties(
                60, &pool, amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)), &decoded)
            #expect(status == 0)
            let properties = try #require(decoded).assumingMemoryBound(to: amqp_basic_properties_t.self).pointee
            #expect(string(properties.correlation_id) == "7")
            #expect(string(properties.type) == "/metrology.testing.v1.EchoService/Echo")
            #expect(properties.headers.num_entries == 1)
            #expect(string(properties.headers.entries[0].key) == "traceparent")
            #expect(string(properties.headers.entries[0].value.value.bytes) == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        }

        #expect(methodNumber(frames[5]) == AMQP_BASIC_ACK_METHOD)
        try decodeMethod(frames[5], &pool) { decoded in
            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            #expect(ack.delivery_tag == 77)
            #expect(ack.multiple == 0)
        }
    }

    @Test func withoutAnAckTagNoAckFrameIsWritten() throws {
        var out = [UInt8](repeating: 0, count: 4096)
        let length = encode(into: &out, body: Array("回复".utf8), frameMax: 131_072, ackTag: 0)
        #expect(try split(Array(out[0..<length])).map(\.type) == [1, 2, 3])
    }

    @Test func aBufferTooSmallIsReportedNotOverrun() {
        var out = [UInt8](repeating: 0xAA, count: 200)
        let length = encode(into: &out, body: [UInt8](repeating: 1, count: 500), frameMax: 131_072, ackTag: 1, capacity: 100)
        #expect(length < 0)
        #expect(out[100...].allSatisfy { $0 == 0xAA })
    }

    // MARK: - Helpers

    private func encode(into out: inout [UInt8], body: [UInt8], frameMax: Int, ackTag: UInt64, capacity: Int? = nil) -> Int {
        // C copies of the strings, freed when the encoding is done.
        let strings = [
            "", "metrology.echo.rpc", "7", "/metrology.testing.v1.EchoService/Echo", "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ].map { text -> UnsafeMutableRawBufferPointer in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, text.utf8.count), alignment: 1)
            copy.copyBytes(from: Array(text.utf8))
            return UnsafeMutableRawBufferPointer(rebasing: copy[0..<text.utf8.count])
        }
        defer { strings.forEach { $0.deallocate() } }
        func bytes(_ index: Int) -> amqp_bytes_t { amqp_bytes_t(len: strings[index].count, bytes: strings[index].baseAddress) }
        var entry = amqp_table_entry_t()
        entry.key = bytes(4)
        entry.value.kind = UInt8(ascii: "S")
        entry.value.value.bytes = bytes(5)
        return withUnsafeMutablePointer(to: &entry) { entryPointer in
            var properties = amqp_basic_properties_t()
            properties._flags = amqp_flags_t(METROLOGY_FLAG_CORRELATION_ID | METROLOGY_FLAG_TYPE | METROLOGY_FLAG_HEADERS)
            properties.correlation_id = bytes(2)
            properties.type = bytes(3)
            properties.headers = amqp_table_t(num_entries: 1, entries: entryPointer)
            return body.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { buffer in
                    metrology_encode_publish(
                        buffer.baseAddress!, capacity ?? buffer.count, 1, bytes(0), bytes(1), 1, &properties,
                        amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)), frameMax, ackTag)
                }
            }
        }
    }

    private func split(_ wire: [UInt8]) throws -> [Frame] {
        var frames: [Frame] = []
        var offset = 0
        while offset < wire.count {
            try #require(wire.count - offset >= 8)
            let size = wire[(offset + 3)..<(offset + 7)].reduce(0) { $0 << 8 | Int($1) }
            try #require(offset + 7 + size < wire.count)
            #expect(wire[offset + 7 + size] == 0xCE, "frame end at \(offset + 7 + size)")
            frames.append(
                Frame(
                    type: wire[offset], channel: UInt16(wire[offset + 1]) << 8 | UInt16(wire[offset + 2]),
                    payload: Array(wire[(offset + 7)..<(offset + 7 + size)])))
            offset += 8 + size
        }
        return frames
    }

    private func methodNumber(_ frame: Frame) -> amqp_method_number_t {
        frame.payload[0..<4].reduce(0) { $0 << 8 | amqp_method_number_t($1) }
    }

    /// Decodes a method frame and calls `check` while the bytes the decoded strings point into are alive.
    private func decodeMethod(_ frame: Frame, _ pool: inout amqp_pool_t, _ check: (UnsafeMutableRawPointer) throws -> Void) throws {
        try Array(frame.payload[4...]).withUnsafeBytes { raw in
            var decoded: UnsafeMutableRawPointer?
            let status = amqp_decode_method(
                methodNumber(frame), &pool, amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)), &decoded)
            try #require(status == 0)
            try check(try #require(decoded))
        }
    }

    private func string(_ bytes: amqp_bytes_t) -> String {
        String(decoding: UnsafeRawBufferPointer(start: bytes.bytes, count: bytes.len), as: UTF8.self)
    }
}
