import Auth
import Foundation
import RPCCore

/// The zip downloads (the certificates' batch download, a statistics export with its certificates) call the backend
/// with the caller's access token for every page and file chunk, long after the handler returned; access tokens live
/// 15 minutes, so a download begun with an old token would die midway with TOKEN_EXPIRED and leave a cut zip. A token
/// with less than `minimum` left is refused before anything streams; the console refreshes its session right before it
/// asks. (An .xlsx export alone needs no check: the service writes the whole file on the first call, and the few
/// chunk reads that follow take seconds.)
enum ArchiveTokenLifetime {
    static let minimum: Int64 = 10 * 60

    /// `token` was verified by `RequestScopeMiddleware` already; only its `exp` is read here, not trusted anew.
    static func check(_ token: String?, now: Date = Date()) throws {
        guard let exp = expiry(of: token), exp - Int64(now.timeIntervalSince1970) >= minimum else { throw tooShort }
    }

    static func expiry(of token: String?) -> Int64? {
        guard let token else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count <= 16 * 1024, let payload = Base64URL.decode(parts[1]) else { return nil }
        return (try? JSONDecoder().decode(Expiry.self, from: payload))?.exp
    }

    private struct Expiry: Decodable { var exp: Int64 }

    static let tooShort = RPCError.unauthenticated("登录即将过期，不足以完成批量下载，请刷新登录后重新下载", reason: "ARCHIVE_TOKEN_TOO_SHORT")
}
