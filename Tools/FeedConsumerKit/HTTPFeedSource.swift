public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The feed over the gateway's HTTP API (Docs/feed.md): `GET /v1/feeds/verification-results` with `X-Feed-Key`, and
/// `GET /v1/feeds/keys`. An error answer is a problem document whose `code` and `title` are passed on unchanged.
public struct HTTPFeedSource: FeedSource {
    public let gateway: URL
    let key: String
    let session: URLSession

    public init(gateway: URL, key: String, timeout: TimeInterval = 30) {
        self.gateway = gateway
        self.key = key
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func page(after cursor: String, limit: Int) async throws(FeedConsumerError) -> FeedPage {
        var components = URLComponents(url: gateway.appendingPathComponent("v1/feeds/verification-results"), resolvingAgainstBaseURL: false)
        components?.queryItems =
            [URLQueryItem(name: "limit", value: "\(limit)")] + (cursor.isEmpty ? [] : [URLQueryItem(name: "after", value: cursor)])
        guard let url = components?.url else { throw .usage("网关地址无效：\(gateway.absoluteString)") }
        var request = URLRequest(url: url)
        request.setValue(key, forHTTPHeaderField: "X-Feed-Key")
        let body = try await send(request)
        do {
            return try JSONDecoder().decode(FeedPage.self, from: body)
        } catch { throw .responseMalformed("数据页不是预期的 JSON") }
    }

    public func keys() async throws(FeedConsumerError) -> FeedKeySet {
        let body = try await send(URLRequest(url: gateway.appendingPathComponent("v1/feeds/keys")))
        return try FeedKeySet(jwks: body)
    }

    private func send(_ original: URLRequest) async throws(FeedConsumerError) -> Data {
        var request = original
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch { throw .unreachable(error.localizedDescription) }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw Self.problem(status: status, body: data) }
        return data
    }

    /// The feed's own code when the answer is a problem document, else `FEED_HTTP_<status>`.
    public static func problem(status: Int, body: Data) -> FeedConsumerError {
        struct Problem: Decodable {
            var code: String
            var title: String?
        }
        // A request the server calls malformed would be refused again as it is; anything else may pass later.
        let permanent = [400, 413, 414].contains(status)
        if let problem = try? JSONDecoder().decode(Problem.self, from: body), !problem.code.isEmpty {
            return FeedConsumerError(
                code: problem.code, message: "\(problem.title ?? "请求被拒绝")（HTTP \(status)）", kind: .transport(status: status, permanent: permanent))
        }
        return FeedConsumerError(code: "FEED_HTTP_\(status)", message: "网关返回 HTTP \(status)", kind: .transport(status: status, permanent: permanent))
    }
}
