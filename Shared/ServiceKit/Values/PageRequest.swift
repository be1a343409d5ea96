import Messaging
import RPCCore

/// A page of a list as a caller asks for it: 1-based page (0 means the first), page size with a default and a
/// ceiling. Every list RPC that pages by number reads its request through this, so they refuse bad paging alike.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let size: Int

    public var offset: Int { (page - 1) * size }

    public init(page: Int32, pageSize: Int32, defaultSize: Int = 20, maxSize: Int = 200) throws {
        guard pageSize >= 0, Int(pageSize) <= maxSize, page >= 0 else {
            throw RPCError.invalidArgument(
                "每页条数须在 1 到 \(maxSize) 之间，页码从 1 开始", reason: "PAGE_INVALID", details: ["field": page < 0 ? "page" : "pageSize"])
        }
        self.page = max(Int(page), 1)
        self.size = pageSize == 0 ? defaultSize : Int(pageSize)
    }
}

extension PageRequest {
    /// For lists that have always answered whole (item and regulation catalogues, read by pickers): both 0 keeps
    /// that, anything else pages as usual.
    public static func optional(page: Int32, pageSize: Int32, defaultSize: Int = 20, maxSize: Int = 200) throws -> PageRequest? {
        if page == 0, pageSize == 0 { return nil }
        return try PageRequest(page: page, pageSize: pageSize, defaultSize: defaultSize, maxSize: maxSize)
    }
}

/// One page of a list already filtered in memory (catalogues of hundreds of rows whose filters are computed, not
/// stored, such as whether an item is usable today), with what the answer says about it. Without paging, the whole
/// list is the one page.
public struct MemoryPage<Element> {
    public let rows: [Element]
    public let total: Int64
    public let page: Int32
    public let pageSize: Int32

    public init(_ all: [Element], paging: PageRequest?) {
        total = Int64(all.count)
        guard let paging else {
            rows = all
            page = 1
            pageSize = Int32(all.count)
            return
        }
        rows = paging.offset < all.count ? Array(all[paging.offset..<min(all.count, paging.offset + paging.size)]) : []
        page = Int32(paging.page)
        pageSize = Int32(paging.size)
    }
}

extension PageRequest {
    /// The true total of a filtered list whose page was read with `count(*) OVER ()`, whatever page was asked for.
    /// That column rides on the page's rows, so a page past the end has no row to carry it: identity's people and
    /// devices' terminals answered a total of 0 there while standards counted again, and a console that asked for
    /// page 9 of 3 was told the list was empty. `counted` is the column's value, nil when the page came back empty;
    /// `count` counts the same filtered rows and runs only then (past the first page, where there may be some).
    public static func total(counted: Int64?, offset: Int, count: () async throws -> Int64) async throws -> Int64 {
        if let counted { return counted }
        return offset > 0 ? try await count() : 0
    }
}
