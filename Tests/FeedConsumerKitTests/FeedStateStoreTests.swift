import FeedConsumerKit
import Foundation
import Testing

/// Recovery of the state folder after a kill, each kill point simulated by writing the files it would leave: a torn
/// last line, entries appended but no cursor yet, a temporary cursor never renamed; and folders that break the
/// invariant are refused rather than trusted.
@Suite struct FeedStateStoreTests {
    let signer = Signer()

    func verified(_ sequences: ClosedRange<Int64>) throws -> [VerifiedEntry] {
        try sequences.map { try EntryVerifier.verify(signer.served($0), keys: signer.keySet) }
    }

    func write(_ text: String, to folder: URL, _ name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// The bytes `entries.jsonl` holds after these entries were stored.
    func lines(_ sequences: ClosedRange<Int64>) throws -> String {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try FeedStateStore(directory: folder)
            try store.append(try verified(sequences))
        }
        return try String(contentsOf: folder.appendingPathComponent("entries.jsonl"), encoding: .utf8)
    }

    func openCode(_ folder: URL) -> String? {
        do {
            _ = try FeedStateStore(directory: folder)
            return nil
        } catch { return error.code }
    }

    @Test("stored entries and cursor survive a reopen; each line holds sequence, type, jws and the signed entry")
    func reopen() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try FeedStateStore(directory: folder)
            #expect(store.cursor == .init(cursor: "", sequence: 0) && store.lastStoredSequence == 0)
            try store.append(try verified(1...3))
            try store.commit(.init(cursor: "c3", sequence: 3))
        }
        let store = try FeedStateStore(directory: folder)
        #expect(store.cursor == .init(cursor: "c3", sequence: 3) && store.lastStoredSequence == 3 && store.storedBeyondCursor.isEmpty)
        let stored = try FeedStateStore.readAll(folder)
        #expect(stored.map(\.sequence) == [1, 2, 3])
        #expect(stored[1].jws == signer.served(2).jws && stored[1].type == "result" && stored[1].entry == signer.served(2).entry)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cursor.json.tmp").path))
    }

    @Test("a torn last line (killed in the middle of an append) is cut back to the last newline")
    func tornLine() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try lines(1...3)
        let two = try lines(1...2)
        let torn = String(full.dropLast(40))
        try write(torn, to: folder, "entries.jsonl")
        try write(#"{"cursor":"c1","sequence":1}"#, to: folder, "cursor.json")
        let store = try FeedStateStore(directory: folder)
        #expect(store.cutBytes == torn.utf8.count - two.utf8.count)
        #expect(store.lastStoredSequence == 2 && store.cursor.sequence == 1)
        #expect(try String(contentsOf: folder.appendingPathComponent("entries.jsonl"), encoding: .utf8) == two)

        // Torn within the very first line: nothing is left, which is what the missing cursor says.
        let first = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: first) }
        try write(String(two.prefix(30)), to: first, "entries.jsonl")
        let empty = try FeedStateStore(directory: first)
        #expect(empty.cutBytes == 30 && empty.lastStoredSequence == 0)
    }

    @Test("killed between the append and the cursor: the resumed run re-reads from the cursor and stores each entry once")
    func entriesBeyondCursor() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(try lines(1...3), to: folder, "entries.jsonl")
        try write(#"{"cursor":"c1","sequence":1}"#, to: folder, "cursor.json")
        try write(#"{"cursor":"c3","seq"#, to: folder, "cursor.json.tmp")  // killed before the rename
        let store = try FeedStateStore(directory: folder)
        #expect(store.lastStoredSequence == 3 && store.cursor.sequence == 1)
        #expect(store.storedBeyondCursor.keys.sorted() == [2, 3])

        let feed = FakeFeed(entries: (1...5).map { signer.served($0) }, keySets: [signer.keySet])
        let follower = FeedFollower(source: feed, store: store)
        let step = try await follower.step(limit: 3)
        #expect(step == .init(served: 3, appended: 1, skipped: 2, last: 4))
        try await follower.run(.init(limit: 3))
        #expect(await feed.pageCalls == ["c1", "c4"])
        #expect(try FeedStateStore.readAll(folder).map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try FeedStateStore.readAll(folder).map(\.jws) == (1...5).map { signer.served($0).jws })
        #expect(store.cursor == .init(cursor: "c5", sequence: 5))
    }

    @Test("an entry stored beyond the cursor that the feed now serves differently stops the run (FEED_REPLAY_MISMATCH)")
    func replayMismatch() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = Signer()  // the same kid, another key: stored lines signed by someone else
        do {
            let store = try FeedStateStore(directory: folder)
            try store.append([try EntryVerifier.verify(other.served(1), keys: other.keySet)])
            try store.append([try EntryVerifier.verify(other.served(2), keys: other.keySet)])
            try store.commit(.init(cursor: "c1", sequence: 1))
        }
        let before = try Data(contentsOf: folder.appendingPathComponent("entries.jsonl"))
        let store = try FeedStateStore(directory: folder)
        let feed = FakeFeed(entries: (1...3).map { signer.served($0) }, keySets: [signer.keySet])
        await #expect(throws: FeedConsumerError.replayMismatch(2)) { try await FeedFollower(source: feed, store: store).run(.init(limit: 5)) }
        #expect(try Data(contentsOf: folder.appendingPathComponent("entries.jsonl")) == before)
        #expect(store.cursor.sequence == 1)
    }

    @Test("folders that break the invariant are refused (FEED_STATE_CORRUPT), a folder in use too (FEED_STATE_LOCKED)")
    func refused() throws {
        // A cursor beyond the stored entries: something deleted them; resuming would lose them silently.
        let ahead = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: ahead) }
        try write(try lines(1...2), to: ahead, "entries.jsonl")
        try write(#"{"cursor":"c5","sequence":5}"#, to: ahead, "cursor.json")
        #expect(openCode(ahead) == "FEED_STATE_CORRUPT")
        // The cursor's own entry missing from the file.
        let missing = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: missing) }
        let text = try lines(1...3).split(separator: "\n").enumerated().filter { $0.offset != 1 }.map { $0.element + "\n" }.joined()
        try write(text, to: missing, "entries.jsonl")
        try write(#"{"cursor":"c2","sequence":2}"#, to: missing, "cursor.json")
        #expect(openCode(missing) == "FEED_STATE_CORRUPT")
        // Sequences out of order, a line that is not an entry, a cursor that does not parse.
        let disorder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: disorder) }
        let three = try lines(1...3).split(separator: "\n").map(String.init)
        try write([three[0], three[2], three[1]].map { $0 + "\n" }.joined(), to: disorder, "entries.jsonl")
        #expect(openCode(disorder) == "FEED_STATE_CORRUPT")
        try write(three[0] + "\nnot json\n", to: disorder, "entries.jsonl")
        #expect(openCode(disorder) == "FEED_STATE_CORRUPT")
        try write(three[0] + "\n", to: disorder, "entries.jsonl")
        try write("{", to: disorder, "cursor.json")
        #expect(openCode(disorder) == "FEED_STATE_CORRUPT")

        let busy = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: busy) }
        let holder = try FeedStateStore(directory: busy)
        #expect(openCode(busy) == "FEED_STATE_LOCKED")
        withExtendedLifetime(holder) {}
    }

    @Test("a kill after any byte of any write: the resumed run ends with every entry once, in order, byte-equal")
    func everyKillPoint() async throws {
        // The files a complete run writes, page by page (limit 2): the entries and the cursor after each page.
        let feedEntries = (1...7).map { signer.served(Int64($0) * 3) }  // sequences with gaps: 3, 6, … 21
        let complete = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: complete) }
        var cursors: [(bytes: Int, cursor: String)] = [(0, "")]
        do {
            let store = try FeedStateStore(directory: complete)
            let follower = FeedFollower(source: FakeFeed(entries: feedEntries, keySets: [signer.keySet]), store: store)
            while try await follower.step(limit: 2).served > 0 {
                let size = try Data(contentsOf: complete.appendingPathComponent("entries.jsonl")).count
                cursors.append((size, try String(contentsOf: complete.appendingPathComponent("cursor.json"), encoding: .utf8)))
            }
        }
        let expected = try Data(contentsOf: complete.appendingPathComponent("entries.jsonl"))
        // Every prefix of entries.jsonl with the cursor a kill at that moment leaves: the newest cursor whose entries
        // are within the prefix, or (killed before it was renamed) the one before it.
        var runs = 0
        for length in stride(from: 0, through: expected.count, by: 13) {
            let covering = cursors.lastIndex { $0.bytes <= length } ?? 0
            for index in Set([covering, max(0, covering - 1)]) {
                let folder = temporaryFolder("kill")
                defer { try? FileManager.default.removeItem(at: folder) }
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try expected.prefix(length).write(to: folder.appendingPathComponent("entries.jsonl"))
                if index > 0 { try Data(cursors[index].cursor.utf8).write(to: folder.appendingPathComponent("cursor.json")) }
                let store = try FeedStateStore(directory: folder)
                try await FeedFollower(source: FakeFeed(entries: feedEntries, keySets: [signer.keySet]), store: store).run(.init(limit: 2))
                #expect(try Data(contentsOf: folder.appendingPathComponent("entries.jsonl")) == expected, "killed at byte \(length), cursor \(index)")
                runs += 1
            }
        }
        #expect(runs > 100)
    }
}
