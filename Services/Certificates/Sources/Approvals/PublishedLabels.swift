import Synchronization

/// The point labels of published procedure versions, kept for the life of the process: a published version is never
/// changed (a change is a new version), so what flows answered once stays true, and each approval after the first of
/// a version needs no call for it. Bounded: a process that has seen more versions than `limit` starts over.
final class PublishedLabels: Sendable {
    struct Key: Hashable, Sendable {
        var item: String
        var type: String
        var version: Int32
    }

    private let entries = Mutex<[Key: [String: [String]]]>([:])
    let limit: Int

    init(limit: Int = 512) {
        self.limit = limit
    }

    subscript(key: Key) -> [String: [String]]? {
        get { entries.withLock { $0[key] } }
        set {
            entries.withLock { entries in
                if entries.count >= limit, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
                entries[key] = newValue
            }
        }
    }
}
