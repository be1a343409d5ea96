import Foundation
import Messaging
public import RPCCore

/// A position in a long list read by key (keyset paging): the sort key of the last row a page showed, handed to the
/// caller as an opaque token (`next_cursor`) and given back to read the page after it (`cursor`). Unlike a page
/// number it does not shift when rows are added or removed before it, and the database seeks to it through the
/// list's index instead of reading and discarding every row before the page (OFFSET), which the audit trail, with a
/// row for every change, cannot afford.
///
/// The token is base64url of a JSON array: the list's name, then the key's parts. The name keeps a cursor of one list
/// from being read as a position in another; the token is opaque to callers, who must not build one.
public struct PageCursor: Sendable, Equatable {
    public let list: String
    public let key: [String]

    public init(list: String, key: [String]) {
        self.list = list
        self.key = key
    }

    public var token: String {
        let json = (try? JSONEncoder().encode([list] + key)) ?? Data()
        return json.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position a request's `cursor` names; nil for "" (start at the beginning). A token that is not one of this
    /// list's cursors is INVALID_ARGUMENT `PAGE_CURSOR_INVALID` with the field `cursor`.
    public static func decode(_ token: String, list: String, parts: Int) throws(RPCError) -> PageCursor? {
        guard !token.isEmpty else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.utf8.count <= 1_024, let data = Data(base64Encoded: base64),
            let array = try? JSONDecoder().decode([String].self, from: data), array.count == parts + 1, array[0] == list
        else {
            throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
        }
        return PageCursor(list: list, key: Array(array.dropFirst()))
    }
}
