public import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: FoundationNetworking's URLSession (libcurl on Linux). A converter answers in tenths of a second
/// to seconds, so the client's own cost does not matter; what matters is that it is Sendable and async under Swift 6
/// and needs no new package.
///
/// The deadline is our own timer, which cancels the URLSession task: `timeoutInterval` is an idle timeout whose
/// behaviour during a long upload or a silent server depends on FoundationNetworking's libcurl glue, and the pool's
/// per-document bound must not. The converter answers 504 after its own --timeout, so this timer only matters when
/// the converter process itself hangs (URLSessionTransportTests: a server that accepts and never answers).
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
        request.timeoutInterval = max(1, Double(timeout.components.seconds) + 1)  // a backstop; the timer below decides
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let exchange = Exchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConverterResponse, any Error>) in
                exchange.start(continuation)
                let task = session.dataTask(with: request) { data, response, error in
                    exchange.finish(Self.result(data, response, error))
                }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { exchange.finish(.failure(ConverterTransportError.timedOut)) }
                }
                exchange.attach(task: task, timer: timer)
                task.resume()
            }
        } onCancel: {
            exchange.finish(.failure(CancellationError()))
        }
    }

    private static func result(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?) -> Result<ConverterResponse, any Error> {
        if let error {
            if let urlError = error as? URLError {
                if urlError.code == .timedOut { return .failure(ConverterTransportError.timedOut) }
                if urlError.code == .cancelled { return .failure(CancellationError()) }
            }
            return .failure(ConverterTransportError.unreachable(String(describing: error)))
        }
        guard let http = response as? HTTPURLResponse else { return .failure(ConverterTransportError.unreachable("not an HTTP answer")) }
        return .success(ConverterResponse(status: http.statusCode, body: data ?? Data()))
    }
}

/// One request's outcome, decided once by whichever comes first: the answer, the timer or the caller's cancellation.
/// The losers are cancelled (the URLSession task is stopped, so a hung connection does not stay open).
private final class Exchange: Sendable {
    private struct State {
        var continuation: CheckedContinuation<ConverterResponse, any Error>?
        var task: URLSessionDataTask?
        var timer: Task<Void, Never>?
        var outcome: Result<ConverterResponse, any Error>?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<ConverterResponse, any Error>) {
        let early = state.withLock { state -> Result<ConverterResponse, any Error>? in
            if let outcome = state.outcome { return outcome }  // cancelled before it began
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func attach(task: URLSessionDataTask, timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.task = task
            state.timer = timer
            return state.outcome != nil
        }
        if finished {
            task.cancel()
            timer.cancel()
        }
    }

    func finish(_ outcome: Result<ConverterResponse, any Error>) {
        let (continuation, task, timer) = state.withLock { state in
            guard state.outcome == nil else {
                return (nil, nil, nil) as (CheckedContinuation<ConverterResponse, any Error>?, URLSessionDataTask?, Task<Void, Never>?)
            }
            state.outcome = outcome
            defer { state.continuation = nil }
            return (state.continuation, state.task, state.timer)
        }
        timer?.cancel()
        if case .failure = outcome { task?.cancel() }
        continuation?.resume(with: outcome)
    }
}
