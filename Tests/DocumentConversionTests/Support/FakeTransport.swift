import DocumentConversion
import Foundation
import Synchronization

/// A converter network in memory: each call goes to `answer` (keyed by the instance's port), which may sleep to
/// simulate work. Records every call and the most documents any one instance had at once.
final class FakeTransport: ConverterTransport {
    struct Call: Sendable {
        let port: Int
        let path: String
        let query: String
    }

    private struct State {
        var calls: [Call] = []
        var inFlight: [Int: Int] = [:]
        var maxInFlight = 0
    }

    private let state = Mutex(State())
    private let answer: @Sendable (Call) async throws -> ConverterResponse

    init(answer: @escaping @Sendable (Call) async throws -> ConverterResponse) {
        self.answer = answer
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var maxInFlightPerInstance: Int { state.withLock { $0.maxInFlight } }

    func send(_ url: URL, body: Data?, timeout: Duration) async throws -> ConverterResponse {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let call = Call(port: url.port ?? 0, path: url.path, query: components?.percentEncodedQuery ?? "")
        let isConversion = body != nil
        state.withLock { state in
            state.calls.append(call)
            if isConversion {
                state.inFlight[call.port, default: 0] += 1
                state.maxInFlight = max(state.maxInFlight, state.inFlight[call.port]!)
            }
        }
        defer { if isConversion { state.withLock { $0.inFlight[call.port, default: 0] -= 1 } } }
        return try await answer(call)
    }

    static func ok(_ text: String) -> ConverterResponse { ConverterResponse(status: 200, body: Data(text.utf8)) }

    static func failure(_ status: Int, _ code: String) -> ConverterResponse {
        ConverterResponse(status: status, body: Data(#"{"code":"\#(code)","message":"测试","detail":"fake"}"#.utf8))
    }
}

/// Base URLs on distinct ports, so the fake can tell instances apart.
func instances(_ ports: Int...) -> [URL] { ports.map { URL(string: "http://127.0.0.1:\($0)")! } }

/// Counts calls across tasks.
final class CallCounter: Sendable {
    private let count = Mutex(0)

    /// 1 for the first call, 2 for the second, ...
    func next() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
