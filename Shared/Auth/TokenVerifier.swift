public import Crypto
public import Foundation
import RPCCore

/// Verifies access tokens locally with identity's public keys, which it fetches once and caches; an unknown key id
/// (after a rotation) triggers one refetch, at most every few seconds. No call to identity per request.
public actor TokenVerifier {
    public typealias KeyFetcher = @Sendable () async throws -> [String: Curve25519.Signing.PublicKey]

    private var keys: [String: Curve25519.Signing.PublicKey] = [:]
    private var lastFetch: ContinuousClock.Instant?
    /// The fetch in progress: callers arriving meanwhile wait for it rather than finding `lastFetch` fresh and the key
    /// still missing (the actor is reentrant across the fetch's await), which refused valid tokens as TOKEN_UNKNOWN_KEY
    /// after every restart.
    private var fetching: Task<[String: Curve25519.Signing.PublicKey], any Error>?
    /// Tokens whose signature was verified, with their claims: a token's bytes never change, so its signature and
    /// decoding need checking once per process, not on every call (an Ed25519 verification and two JSON decodings,
    /// about a tenth of a millisecond, and a request crosses three or four processes that each verify it). Emptied
    /// when full, and when a key id is bound to another key (`merge`).
    private var verified: [String: AccessTokenClaims] = [:]
    private static let verifiedLimit = 4096
    private let fetchKeys: KeyFetcher
    private let leeway: Int64
    private let refetchInterval: Duration
    /// Sessions and users whose tokens are refused although their signature and lifetime are fine.
    public nonisolated let revocations: RevocationList

    public init(
        leewaySeconds: Int64 = 30, refetchInterval: Duration = .seconds(5), revocations: RevocationList = RevocationList(),
        fetchKeys: @escaping KeyFetcher
    ) {
        self.fetchKeys = fetchKeys
        self.revocations = revocations
        self.leeway = leewaySeconds
        self.refetchInterval = refetchInterval
    }

    /// Returns the claims of a valid token, or throws UNAUTHENTICATED. It throws UNAVAILABLE when it cannot check: the
    /// keys cannot be fetched, or the revocation list has not been loaded yet (a client told UNAUTHENTICATED signs its
    /// user out, so "cannot check now" must never look like "not signed in").
    public func verify(_ token: String, now: Date = Date()) async throws -> AccessTokenClaims {
        guard revocations.isLoaded else {
            throw RPCError.unavailable("正在加载已注销的登录信息，请稍后重试", reason: "REVOCATIONS_NOT_LOADED")
        }
        let claims: AccessTokenClaims
        if let known = verified[token] {
            claims = known
        } else {
            let payload = try await verifiedPayload(token, type: "JWT", label: "访问令牌", malformedReason: "TOKEN_MALFORMED")
            guard let decoded = try? JSONDecoder().decode(AccessTokenClaims.self, from: payload), decoded.iss == AccessTokenClaims.issuer else {
                throw RPCError.unauthenticated("访问令牌内容无效", reason: "TOKEN_MALFORMED")
            }
            claims = decoded
            if verified.count >= Self.verifiedLimit { verified.removeAll(keepingCapacity: true) }
            verified[token] = claims
        }
        // Lifetime and revocation are checked on every call, cached or not: only the signature and decoding are kept.
        let seconds = Int64(now.timeIntervalSince1970)
        guard claims.exp + leeway > seconds else { throw RPCError.unauthenticated("登录已过期，请重新登录", reason: "TOKEN_EXPIRED") }
        guard claims.iat - leeway <= seconds else { throw RPCError.unauthenticated("访问令牌签发时间无效", reason: "TOKEN_NOT_YET_VALID") }
        guard !revocations.isRevoked(claims, now: now) else {
            throw RPCError.unauthenticated("登录已失效（会话已注销、账号或设备已停用），请重新登录", reason: "TOKEN_REVOKED")
        }
        return claims
    }

    /// Returns the claims of a signature receipt identity signed, or throws INVALID_ARGUMENT. Receipts do not
    /// expire: they prove who signed what, when.
    ///
    /// A receipt's unknown key id is looked up at identity whenever it occurs, not at most every few seconds as for
    /// tokens: a refusal here is INVALID_ARGUMENT, which the idempotent write that carries the receipt stores as its
    /// outcome, so a receipt signed with a key identity added a moment ago must not be refused for a stale cache.
    /// Receipts come one per signature ceremony, so the extra fetches cost nothing a token's would.
    public func verifyReceipt(_ receipt: String) async throws -> SignatureReceiptClaims {
        let payload: Data
        do {
            payload = try await verifiedPayload(
                receipt, type: SignatureReceiptClaims.type, label: "签名回执", malformedReason: "RECEIPT_MALFORMED", freshKeys: true)
        } catch let error as RPCError where error.code == .unauthenticated {
            let reason =
                switch error.reason {
                case "TOKEN_BAD_SIGNATURE": "RECEIPT_BAD_SIGNATURE"
                case "TOKEN_UNKNOWN_KEY": "RECEIPT_UNKNOWN_KEY"
                default: "RECEIPT_MALFORMED"
                }
            throw RPCError.invalidArgument(error.message, reason: reason)
        }
        guard let claims = try? JSONDecoder().decode(SignatureReceiptClaims.self, from: payload), claims.iss == AccessTokenClaims.issuer else {
            throw RPCError.invalidArgument("签名回执内容无效", reason: "RECEIPT_MALFORMED")
        }
        return claims
    }

    /// Checks the JWS structure, its `typ` and its signature; returns the payload bytes.
    private func verifiedPayload(
        _ token: String, type: String, label: String, malformedReason: String, freshKeys: Bool = false
    ) async throws -> Data {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2]),
            let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "EdDSA", (header.typ ?? "JWT") == type
        else { throw RPCError.unauthenticated("\(label)格式无效", reason: malformedReason) }

        guard let key = try await key(for: header.kid, ignoringRefetchInterval: freshKeys) else {
            throw RPCError.unauthenticated("\(label)的签名密钥未知", reason: "TOKEN_UNKNOWN_KEY")
        }
        guard key.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)) else {
            throw RPCError.unauthenticated("\(label)签名无效", reason: "TOKEN_BAD_SIGNATURE")
        }
        return payload
    }

    /// Installs keys directly (identity itself, and tests).
    public func install(_ newKeys: [String: Curve25519.Signing.PublicKey]) {
        merge(newKeys)
    }

    /// Adds keys; when one binds a known key id to another key, the tokens verified so far are forgotten (they may
    /// have been signed by the old key). New key ids alone leave them: identity adds one at every rotation.
    private func merge(_ newKeys: [String: Curve25519.Signing.PublicKey]) {
        let rebound = newKeys.contains { id, key in keys[id].map { $0.rawRepresentation != key.rawRepresentation } ?? false }
        keys.merge(newKeys) { _, new in new }
        if rebound { verified.removeAll() }
    }

    /// The key with that id, fetching identity's keys when it is unknown: at most once per refetch interval, or
    /// always when `ignoringRefetchInterval` (then a fetch already under way is joined, and if it did not bring the
    /// key, since it may have started before the key existed, one more is made).
    private func key(for id: String, ignoringRefetchInterval: Bool = false) async throws -> Curve25519.Signing.PublicKey? {
        if let key = keys[id] { return key }
        if let fetching {
            try await complete(fetching)
            if let key = keys[id] { return key }
            guard ignoringRefetchInterval else { return nil }
        }
        if !ignoringRefetchInterval, let lastFetch, ContinuousClock.now - lastFetch < refetchInterval { return nil }
        // Another caller may have started a fetch while this one waited; it began after that wait, so it is fresh.
        if let fetching {
            try await complete(fetching)
            return keys[id]
        }
        lastFetch = ContinuousClock.now
        let fetchKeys = self.fetchKeys
        let fetch = Task { try await fetchKeys() }
        fetching = fetch
        try await complete(fetch)
        return keys[id]
    }

    /// Waits for a fetch and merges what it brought; the first caller to see it end clears `fetching`.
    private func complete(_ fetch: Task<[String: Curve25519.Signing.PublicKey], any Error>) async throws {
        do {
            let fetched = try await fetch.value
            merge(fetched)
            if fetching == fetch { fetching = nil }
        } catch {
            if fetching == fetch {
                fetching = nil
                lastFetch = nil
            }
            throw RPCError.unavailable("暂时无法获取令牌验证密钥，请稍后重试", reason: "SIGNING_KEYS_UNAVAILABLE")
        }
    }

    private struct Header: Decodable {
        var alg: String
        var kid: String
        var typ: String?
    }
}
