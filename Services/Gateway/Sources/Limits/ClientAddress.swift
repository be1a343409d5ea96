import Foundation

/// Which address a request comes from, for the per-address rate limit. The socket peer, unless the peer is one of the
/// configured trusted proxies: then `X-Forwarded-For`, read from the right (the entries a trusted proxy appended)
/// past every trusted proxy, gives the first address no trusted party vouches for. Entries left of it were written by
/// the client itself and could be anything, so they are never used; an untrusted peer's header is ignored entirely,
/// or anyone could claim a fresh address with every request and never be limited.
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    init(trustedProxies: some Sequence<String>) {
        self.trustedProxies = Set(trustedProxies.map(Self.normalized))
    }

    /// `peer` nil (no socket, as in router tests) is one shared "unknown" client.
    func resolve(peer: String?, forwardedFor: [String]) -> String {
        guard let peer = peer.map(Self.normalized) else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.normalized(String($0)) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return hop
        }
        // Every hop is a trusted proxy (or there is no header): the request started at the proxies themselves.
        return hops.first ?? peer
    }

    /// Trims spaces and the brackets and zone of an IPv6 literal, and lower-cases it, so one client is one key.
    static func normalized(_ address: String) -> String {
        var text = address.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { text = String(text[text.index(after: text.startIndex)..<end]) }
        if text.hasPrefix("::ffff:"), text.contains(".") { text = String(text.dropFirst("::ffff:".count)) }
        return text
    }
}
