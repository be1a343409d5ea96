public import Foundation
public import Logging

/// Hands documents to converter instances (deploy/converter/converter.py, one LibreOffice each), one document per
/// instance at a time, because LibreOffice is not thread-safe and a converter refuses (503) what it cannot start.
///
/// - Callers wait in FIFO order for a free instance, at most `queueTimeout` (then CONVERSION_POOL_BUSY). A freed
///   instance goes straight to the longest waiter that may take it, so a newcomer never overtakes a waiter.
/// - A failure that is the instance's fault (no answer, 502 crash, 503 not ready, 504 timeout) is retried once on
///   another instance (on the same one when there is only one), ahead of the queue: it has waited already. A 422 is
///   the document's fault (CONVERSION_BAD_INPUT) and is not retried.
/// - An instance that just failed is chosen last while another is free: it is probably restarting LibreOffice.
public actor ConverterPool {
    private struct Instance {
        let url: URL
        var inUse = false
        var lastFailure: ContinuousClock.Instant?
    }

    private struct Waiter {
        let id: UInt64
        let excluded: Int?
        let continuation: CheckedContinuation<Int, any Error>
        let timer: Task<Void, Never>
    }

    private var instances: [Instance]
    private var waiters: [Waiter] = []  // FIFO; short (one entry per waiting caller), so an array is enough
    private var nextWaiterID: UInt64 = 0
    private let transport: any ConverterTransport
    private let requestTimeout: Duration
    private let queueTimeout: Duration
    private let metrics = ConversionMetrics()
    private let logger: Logger
    private let clock = ContinuousClock()

    public init(_ configuration: ConverterPoolConfiguration, transport: any ConverterTransport = URLSessionTransport(), logger: Logger) {
        instances = configuration.urls.map { Instance(url: $0) }
        self.transport = transport
        requestTimeout = configuration.requestTimeout
        queueTimeout = configuration.queueTimeout
        self.logger = logger
    }

    /// Converts `input` on the first free instance; see the type's comment for waiting and retrying.
    public func convert(_ input: Data, from source: DocumentFormat, to output: OutputFormat) async throws -> Data {
        guard !instances.isEmpty else {
            metrics.failed(from: source, code: ConversionError.notConfigured.code)
            throw ConversionError.notConfigured
        }
        var excluded: Int?
        var firstFailure: ConversionError?
        while true {
            let queued = clock.now
            let index: Int
            do {
                index = try await acquire(excluding: excluded)
            } catch let error as ConversionError {
                metrics.failed(from: source, code: error.code)
                throw error
            }
            metrics.queued(clock.now - queued)
            let started = clock.now
            do {
                let data = try await send(input, from: source, to: output, on: instances[index].url)
                release(index)
                metrics.converted(from: source, to: output, duration: clock.now - started)
                return data
            } catch let error as ConversionError {
                release(index)
                if error.isInstanceFault { instances[index].lastFailure = clock.now }
                guard error.isInstanceFault, excluded == nil else {
                    // A retry that found its instance not answering (restarting LibreOffice after the first
                    // attempt's timeout, say) says less than the first failure did: report that one.
                    let reported = error.code == "CONVERSION_UNAVAILABLE" ? firstFailure ?? error : error
                    metrics.failed(from: source, code: reported.code)
                    throw reported
                }
                firstFailure = error
                logger.warning(
                    "conversion failed on one instance; retrying on another",
                    metadata: ["instance": "\(instances[index].url)", "code": "\(error.code)", "error": "\(error.message)"])
                metrics.retried(code: error.code)
                excluded = index
            } catch {
                release(index)  // cancelled
                throw error
            }
        }
    }

    /// Every instance's `/health`, asked concurrently (2 s each), with the pool's own view (in use).
    public func health() async -> [InstanceHealth] {
        let targets = instances.enumerated().map { ($0.offset, $0.element.url, $0.element.inUse) }
        let transport = self.transport
        return await withTaskGroup(of: (Int, InstanceHealth).self) { group in
            for (offset, url, inUse) in targets {
                group.addTask {
                    (offset, await Self.probe(url, inUse: inUse, transport: transport))
                }
            }
            var results: [(Int, InstanceHealth)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    // MARK: - One attempt

    private func send(_ input: Data, from source: DocumentFormat, to output: OutputFormat, on base: URL) async throws -> Data {
        let url = Self.endpoint(base, path: "convert", query: output.queryItems(from: source))
        let response: ConverterResponse
        do {
            response = try await transport.send(url, body: input, timeout: requestTimeout)
        } catch ConverterTransportError.timedOut {
            throw ConversionError.timeout("\(base.absoluteString) 在 \(requestTimeout.components.seconds) 秒内没有应答")
        } catch ConverterTransportError.unreachable(let detail) {
            throw ConversionError.unavailable(base.absoluteString, detail)
        }
        if response.status == 200 { return response.body }
        let body = try? JSONDecoder().decode(ErrorBody.self, from: response.body)
        let detail = [body?.code, body?.message, body?.detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "：")
        switch response.status {
        case 422: throw ConversionError.badInput(source, detail)
        case 504: throw ConversionError.timeout("\(base.absoluteString)：\(detail)")
        case 502, 503: throw ConversionError.unavailable(base.absoluteString, "HTTP \(response.status) \(detail)")
        default: throw ConversionError.failed("HTTP \(response.status) \(detail)")
        }
    }

    private static func probe(_ base: URL, inUse: Bool, transport: any ConverterTransport) async -> InstanceHealth {
        do {
            let response = try await transport.send(endpoint(base, path: "health", query: []), body: nil, timeout: .seconds(2))
            let body = try? JSONDecoder().decode(HealthBody.self, from: response.body)
            let ready = response.status == 200 && body?.status == "ready"
            return InstanceHealth(
                url: base, ready: ready, inUse: inUse, conversions: body?.conversions, restarts: body?.restarts,
                problem: ready ? nil : "HTTP \(response.status) \(body?.status ?? "")")
        } catch {
            return InstanceHealth(url: base, ready: false, inUse: inUse, conversions: nil, restarts: nil, problem: "\(error)")
        }
    }

    /// `base/path?query`, with every query value percent-encoded as UTF-8 except RFC 3986's unreserved characters
    /// (URLComponents leaves `+` alone, which the converter's form decoding would read as a space).
    static func endpoint(_ base: URL, path: String, query: [(String, String)]) -> URL {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = query.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")"
        }
        var text = base.absoluteString
        if !text.hasSuffix("/") { text += "/" }
        text += path
        if !encoded.isEmpty { text += "?" + encoded.joined(separator: "&") }
        return URL(string: text) ?? base
    }

    // MARK: - Instances and the queue

    /// A free instance for a caller that must not use `excluded` (ignored when there is only one instance); an
    /// instance that failed in the last 10 s only when no other is free.
    private func freeInstance(excluding excluded: Int?) -> Int? {
        let candidates = instances.indices.filter { !instances[$0].inUse && ($0 != excluded || instances.count == 1) }
        let now = clock.now
        let settled = candidates.first { index in
            guard let failure = instances[index].lastFailure else { return true }
            return now - failure > .seconds(10)
        }
        return settled ?? candidates.first
    }

    private func acquire(excluding excluded: Int?) async throws -> Int {
        // A free instance while callers wait means none of them may take it (release hands freed ones on at once).
        if let index = freeInstance(excluding: excluded) {
            instances[index].inUse = true
            return index
        }
        nextWaiterID += 1
        let id = nextWaiterID
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let timeout = queueTimeout
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    await self?.expire(id)
                }
                let waiter = Waiter(id: id, excluded: excluded, continuation: continuation, timer: timer)
                // A retry has queued once already: it goes first.
                if excluded != nil { waiters.insert(waiter, at: 0) } else { waiters.append(waiter) }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func release(_ index: Int) {
        let position = waiters.firstIndex { $0.excluded != index || instances.count == 1 }
        guard let position else {
            instances[index].inUse = false
            return
        }
        let waiter = waiters.remove(at: position)
        waiter.timer.cancel()
        waiter.continuation.resume(returning: index)  // stays in use: handed over
    }

    private func expire(_ id: UInt64) {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: position).continuation.resume(throwing: ConversionError.poolBusy(waited: queueTimeout))
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: position)
        waiter.timer.cancel()
        waiter.continuation.resume(throwing: CancellationError())
    }
}
