import Messaging

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

    /// This page of a list already filtered in memory (catalogues of hundreds of rows whose filters are computed,
    /// not stored, such as whether an item is usable today).
    public func slice<Element>(_ all: [Element]) -> [Element] {
        guard offset < all.count else { return [] }
        return Array(all[offset..<min(all.count, offset + size)])
    }
}
