import Logging
import Persistence
public import PostgresNIO
public import ServiceLifecycle

/// Chains this service's submitted audit entries (`AuditTrail.seal`) every `interval`, so writes never wait for
/// the chain: they only submit their entry (`AuditTrail.append`), and the sealer gives it its position and hash
/// within about a quarter of a second. Every instance runs one; `audit.seal` takes the chain's head lock for its
/// own short transaction, so two instances sealing at once produce one chain, one after the other. Readers do not
/// wait for it: Audit/List and Audit/Verify seal first. On shutdown it seals once more, after the RPC server has
/// stopped taking writes.
public final class AuditSealer: Service, Sendable {
    private let client: PostgresClient
    private let logger: Logger
    private let interval: Duration

    private let limit: Duration

    /// - Parameter limit: how long one seal may take before it is abandoned and tried again (see `withDeadline`): a
    ///   statement already sent to a database that stopped answering waits on a future cancellation does not reach,
    ///   and the sealer must not wait with it — the entries stay pending and the next attempt seals them.
    public init(client: PostgresClient, logger: Logger, interval: Duration = .milliseconds(250), limit: Duration = .seconds(30)) {
        self.client = client
        self.logger = logger
        self.interval = interval
        self.limit = limit
    }

    public func run() async throws {
        var pause = interval
        let client = self.client
        let logger = self.logger
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await withDeadline(limit, "sealing the audit chain") { try await AuditTrail.seal(client: client, logger: logger) }
                pause = interval
            } catch {
                // The entries stay pending and are sealed once the database answers again; nothing is lost.
                logger.warning("audit sealer could not seal; will retry", metadata: ["error": "\(String(reflecting: error))"])
                pause = min(pause * 2, .seconds(5))
            }
            try? await Task.sleep(for: pause)
        }
        do {
            _ = try await withDeadline(limit, "sealing the audit chain at shutdown") { try await AuditTrail.seal(client: client, logger: logger) }
        } catch {
            logger.warning("audit sealer could not seal at shutdown; the next instance will", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
