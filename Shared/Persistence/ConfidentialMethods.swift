import Synchronization

/// The writes whose stored outcome must be sealed (`OutcomeSeal`), as a service declares them when it registers its
/// routes (`IdempotentWriter.seal(_:with:)`). Shared by every copy of the writer — the runtime's, the router's and a
/// handler's own — since the writer is a value handed around before routes are registered; it is filled once, at
/// start, before the first request.
final class ConfidentialMethods: Sendable {
    private let seals = Mutex<[String: OutcomeSeal]>([:])

    func seal(_ methods: [String], with seal: OutcomeSeal) {
        seals.withLock { for method in methods { $0[method] = seal } }
    }

    func seal(for method: String) -> OutcomeSeal? {
        seals.withLock { $0[method] }
    }
}
