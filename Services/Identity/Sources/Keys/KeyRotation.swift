import Auth
import Crypto
import Logging
import ServiceLifecycle
import Synchronization

/// Re-reads the signing keys every few minutes: rotates when due, and picks up a key another identity instance made.
struct KeyRotation: Service {
    let keys: SigningKeyRing
    let verifier: TokenVerifier
    let logger: Logger
    var interval: Duration = .seconds(300)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do {
                    await verifier.install(try await keys.refresh(logger: logger))
                } catch {
                    logger.warning("signing key refresh failed; will retry", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// A key fetcher set after the verifier that uses it was made (the verifier exists before the database client).
final class DeferredKeySource: Sendable {
    typealias Fetch = @Sendable () async throws -> [String: Curve25519.Signing.PublicKey]
    private let fetch = Mutex<Fetch?>(nil)

    func install(_ fetch: @escaping Fetch) { self.fetch.withLock { $0 = fetch } }

    func keys() async throws -> [String: Curve25519.Signing.PublicKey] {
        guard let fetch = fetch.withLock({ $0 }) else { return [:] }
        return try await fetch()
    }
}
