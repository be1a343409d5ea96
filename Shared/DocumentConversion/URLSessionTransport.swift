public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: FoundationNetworking's URLSession (libcurl on Linux). A converter answers in tenths of a second
/// to seconds, so the client's own cost does not matter; what matters is that it is Sendable and async under Swift 6
/// and needs no new package.
public struct URLSessionTransport: ConverterTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        // Documents are never cached, and the pool already limits each instance to one request at a time.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    public func send(_ url: URL, body: Data?, timeout: Duration) async throws -> ConverterResponse {
        var request = URLRequest(url: url)
        // URLRequest's timeout is an idle timeout; a converter sends nothing until the document is done, so it bounds
        // the whole conversion.
        request.timeoutInterval = max(0.1, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18)
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw ConverterTransportError.timedOut
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as URLError where error.code == .cancelled {
            throw CancellationError()
        } catch {
            throw ConverterTransportError.unreachable(String(describing: error))
        }
        guard let http = response as? HTTPURLResponse else { throw ConverterTransportError.unreachable("not an HTTP answer") }
        return ConverterResponse(status: http.statusCode, body: data)
    }
}
