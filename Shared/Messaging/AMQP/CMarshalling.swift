import CRabbitMQ
import Foundation

/// Owns the C memory handed to librabbitmq for one call (strings, header tables) and frees it afterwards, or keeps
/// its first chunk for the next call after `reset()` (a connection's publishes share one arena that way).
///
/// A bump allocator over 1 KiB chunks: a message's dozen strings and its header table used to cost two or three
/// allocations each, on the path of every call.
final class CArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer?
    private var remaining = 0
    private var firstChunkSize = 0

    deinit {
        for chunk in chunks { free(chunk) }
    }

    /// Forgets everything allocated so far; keeps the first chunk for what comes next. The pointers handed out
    /// before are invalid afterwards.
    func reset() {
        guard let first = chunks.first else { return }
        for chunk in chunks.dropFirst() { free(chunk) }
        chunks.removeSubrange(1...)
        next = first
        remaining = firstChunkSize
    }

    /// `count` bytes aligned to 8, valid until the arena is reset or goes away.
    private func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        let rounded = (count + 7) & ~7
        if rounded > remaining || next == nil {
            let size = max(1024, rounded)
            let chunk = malloc(size)!
            if chunks.isEmpty { firstChunkSize = size }
            chunks.append(chunk)
            next = chunk
            remaining = size
        }
        let pointer = next!
        next = pointer + rounded
        remaining -= rounded
        return pointer
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        var string = string
        return string.withUTF8 { utf8 in
            let pointer = allocate(utf8.count + 1)
            if let base = utf8.baseAddress { pointer.copyMemory(from: base, byteCount: utf8.count) }
            pointer.storeBytes(of: 0, toByteOffset: utf8.count, as: UInt8.self)
            return amqp_bytes_t(len: utf8.count, bytes: pointer)
        }
    }

    func table(_ headers: [String: AMQPHeaderValue]) -> amqp_table_t {
        if headers.isEmpty { return amqp_empty_table }
        let entries = allocate(MemoryLayout<amqp_table_entry_t>.stride * headers.count).bindMemory(
            to: amqp_table_entry_t.self, capacity: headers.count)
        for (index, (key, value)) in headers.sorted(by: { $0.key < $1.key }).enumerated() {
            var field = amqp_field_value_t()
            switch value {
            case .string(let text):
                field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                field.value.bytes = bytes(text)
            case .int(let number):
                field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
                field.value.i64 = number
            case .bool(let flag):
                field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
                field.value.boolean = flag ? 1 : 0
            }
            entries[index] = amqp_table_entry_t(key: bytes(key), value: field)
        }
        return amqp_table_t(num_entries: Int32(headers.count), entries: entries)
    }

    func properties(_ props: AMQPProperties) -> amqp_basic_properties_t {
        var result = amqp_basic_properties_t()
        var flags: UInt32 = 0
        if let value = props.contentType { result.content_type = bytes(value); flags |= UInt32(METROLOGY_FLAG_CONTENT_TYPE) }
        if let value = props.correlationID { result.correlation_id = bytes(value); flags |= UInt32(METROLOGY_FLAG_CORRELATION_ID) }
        if let value = props.replyTo { result.reply_to = bytes(value); flags |= UInt32(METROLOGY_FLAG_REPLY_TO) }
        if let value = props.messageID { result.message_id = bytes(value); flags |= UInt32(METROLOGY_FLAG_MESSAGE_ID) }
        if let value = props.type { result.type = bytes(value); flags |= UInt32(METROLOGY_FLAG_TYPE) }
        if let value = props.expiration { result.expiration = bytes(value); flags |= UInt32(METROLOGY_FLAG_EXPIRATION) }
        if let value = props.appID { result.app_id = bytes(value); flags |= UInt32(METROLOGY_FLAG_APP_ID) }
        if let value = props.timestamp { result.timestamp = value; flags |= UInt32(METROLOGY_FLAG_TIMESTAMP) }
        // Absent means transient; written only when it says something, since the broker parses every field it gets.
        if props.persistent {
            result.delivery_mode = 2
            flags |= UInt32(METROLOGY_FLAG_DELIVERY_MODE)
        }
        if !props.headers.isEmpty { result.headers = table(props.headers); flags |= UInt32(METROLOGY_FLAG_HEADERS) }
        result._flags = flags
        return result
    }
}

extension amqp_bytes_t {
    /// Copies the bytes out: librabbitmq reuses its buffers after the next frame.
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }
}

extension AMQPProperties {
    /// Reads the decoded content header of a delivery; the fields that repeat from message to message come from
    /// `interned`, the ids that do not are made afresh.
    init(decoding raw: amqp_basic_properties_t, interned: InternedStrings) {
        let flags = raw._flags
        func has(_ flag: UInt16) -> Bool { flags & UInt32(flag) != 0 }
        self.init()
        if has(METROLOGY_FLAG_CONTENT_TYPE) { contentType = interned.string(raw.content_type) }
        if has(METROLOGY_FLAG_CORRELATION_ID) { correlationID = raw.correlation_id.string }
        if has(METROLOGY_FLAG_REPLY_TO) { replyTo = interned.string(raw.reply_to) }
        if has(METROLOGY_FLAG_MESSAGE_ID) { messageID = raw.message_id.string }
        if has(METROLOGY_FLAG_TYPE) { type = interned.string(raw.type) }
        if has(METROLOGY_FLAG_EXPIRATION) { expiration = raw.expiration.string }
        if has(METROLOGY_FLAG_APP_ID) { appID = interned.string(raw.app_id) }
        if has(METROLOGY_FLAG_TIMESTAMP) { timestamp = raw.timestamp }
        if has(METROLOGY_FLAG_DELIVERY_MODE) { persistent = raw.delivery_mode == 2 }
        if has(METROLOGY_FLAG_HEADERS) { headers = Self.decode(raw.headers) }
    }

    static func decode(_ table: amqp_table_t) -> [String: AMQPHeaderValue] {
        guard table.num_entries > 0, let entries = table.entries else { return [:] }
        var result = [String: AMQPHeaderValue](minimumCapacity: Int(table.num_entries))
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            let value = entry.value
            let kind = UInt32(value.kind)
            let decoded: AMQPHeaderValue? =
                switch kind {
                case AMQP_FIELD_KIND_UTF8.rawValue, AMQP_FIELD_KIND_BYTES.rawValue: .string(value.value.bytes.string)
                case AMQP_FIELD_KIND_BOOLEAN.rawValue: .bool(value.value.boolean != 0)
                case AMQP_FIELD_KIND_I8.rawValue: .int(Int64(value.value.i8))
                case AMQP_FIELD_KIND_U8.rawValue: .int(Int64(value.value.u8))
                case AMQP_FIELD_KIND_I16.rawValue: .int(Int64(value.value.i16))
                case AMQP_FIELD_KIND_U16.rawValue: .int(Int64(value.value.u16))
                case AMQP_FIELD_KIND_I32.rawValue: .int(Int64(value.value.i32))
                case AMQP_FIELD_KIND_U32.rawValue: .int(Int64(value.value.u32))
                case AMQP_FIELD_KIND_I64.rawValue, AMQP_FIELD_KIND_TIMESTAMP.rawValue: .int(value.value.i64)
                case AMQP_FIELD_KIND_U64.rawValue: .int(Int64(truncatingIfNeeded: value.value.u64))
                default: nil
                }
            if let decoded { result[entry.key.string] = decoded }
        }
        return result
    }
}

/// Turns a librabbitmq reply into a Swift error message.
func describe(_ reply: amqp_rpc_reply_t) -> String? {
    switch reply.reply_type {
    case AMQP_RESPONSE_NORMAL:
        return nil
    case AMQP_RESPONSE_NONE:
        return "missing RPC reply"
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return String(cString: amqp_error_string2(reply.library_error))
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        switch reply.reply.id {
        case METROLOGY_CONNECTION_CLOSE:
            let close = metrology_as_connection_close(reply.reply.decoded)!.pointee
            return "server closed the connection: \(close.reply_code) \(close.reply_text.string)"
        case METROLOGY_CHANNEL_CLOSE:
            let close = metrology_as_channel_close(reply.reply.decoded)!.pointee
            return "server closed the channel: \(close.reply_code) \(close.reply_text.string)"
        default:
            return "server error, method \(reply.reply.id)"
        }
    default:
        return "unknown reply type"
    }
}
