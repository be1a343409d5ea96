import Auth
import Foundation

/// The opaque cursor of the pull feed: base64url of "v1:<sequence>". Opaque so that consumers store and return it
/// rather than compute with it (a later version may add a partition); versioned so that such a change can still read
/// today's cursors. Sequences are assigned in commit order (see 0003_feed.sql), so "after n" is a complete answer.
enum FeedCursor {
    static func encode(_ sequence: Int64) -> String {
        Base64URL.encode(Data("v1:\(sequence)".utf8))
    }

    /// 0 for "" (from the beginning); nil for anything this feed did not hand out.
    static func decode(_ cursor: String) -> Int64? {
        if cursor.isEmpty { return 0 }
        guard cursor.count <= 64, let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix("v1:"),
            let sequence = Int64(text.dropFirst(3)), sequence >= 0, encode(sequence) == cursor
        else { return nil }
        return sequence
    }
}
