import Hummingbird

/// `?page=&pageSize=` of the list routes. The services' list responses do not say which page they are; the gateway
/// echoes the request normalised the way the services apply it (page from 1, page size 20 by default; each service
/// refuses more than 200 with PAGE_INVALID) so a client can page on without remembering what it asked for.
struct PageQuery: Sendable {
    static let defaultPageSize: Int32 = 20
    static let maxPageSize: Int32 = 200

    /// As sent (0 when absent), which is what the service expects: it applies the defaults itself.
    var page: Int32
    var pageSize: Int32

    init(_ request: Request) throws {
        page = try request.queryInteger("page") ?? 0
        pageSize = try request.queryInteger("pageSize") ?? 0
    }

    var echoedPage: Int32 { max(page, 1) }
    var echoedPageSize: Int32 { pageSize > 0 ? min(pageSize, Self.maxPageSize) : Self.defaultPageSize }
}
