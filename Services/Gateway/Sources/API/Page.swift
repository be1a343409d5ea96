/// The one page type of every list route: `?page=&pageSize=` as the generated input has them, and the `page` and
/// `pageSize` a list response echoes. The services' list responses do not say which page they are; the gateway echoes
/// the request normalised the way the services apply it (page from 1, page size 20 by default; each service refuses
/// more than 200 with PAGE_INVALID) so a client can page on without remembering what it asked for.
struct Page: Sendable, Equatable {
    static let defaultPageSize: Int32 = 20
    static let maxPageSize: Int32 = 200

    /// As sent (0 when absent), which is what a service expects: it applies the defaults itself.
    var page: Int32
    var pageSize: Int32

    init(page: Int32?, pageSize: Int32?) {
        self.page = page ?? 0
        self.pageSize = pageSize ?? 0
    }

    /// The envelope's `page`.
    var echoedPage: Int32 { max(page, 1) }
    /// The envelope's `pageSize`.
    var echoedPageSize: Int32 { pageSize > 0 ? min(pageSize, Self.maxPageSize) : Self.defaultPageSize }
}
