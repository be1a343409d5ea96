import CRabbitMQ

/// The strings a connection reads again and again (content type, method name, reply-to address, routing key,
/// consumer tag), made once and handed out again when the same bytes come back.
///
/// Why: a Swift string longer than 15 bytes lives on the heap, and every delivery carried five or six of these; in
/// the RPC profile they were the largest single source of allocations (see BENCHMARKS.md). Ids that differ on every
/// message (message id, correlation id) are not kept. Owned by one connection's thread; not thread-safe.
final class InternedStrings {
    private var entries: [(bytes: [UInt8], string: String)] = []
    private var nextVictim = 0
    private let capacity: Int
    /// Longer strings are made each time: they are rare, and comparing them would cost more than it saves.
    private static let longest = 128

    init(capacity: Int = 64) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    func string(_ raw: amqp_bytes_t) -> String {
        guard raw.len > 0, let base = raw.bytes else { return "" }
        let bytes = UnsafeRawBufferPointer(start: base, count: raw.len)
        guard raw.len <= Self.longest else { return String(decoding: bytes, as: UTF8.self) }
        for entry in entries where entry.bytes.count == raw.len {
            if entry.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, raw.len) == 0 }) { return entry.string }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        // Round-robin replacement: the working set is a handful of names, and a burst of new ones passes through.
        if entries.count < capacity {
            entries.append((Array(bytes), made))
        } else {
            entries[nextVictim] = (Array(bytes), made)
            nextVictim = (nextVictim + 1) % capacity
        }
        return made
    }
}
