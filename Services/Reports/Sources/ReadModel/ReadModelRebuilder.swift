import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle
import Synchronization

/// Runs the read model's rebuild in the background (RebuildReadModel answers at once) and resumes a rebuild that an
/// earlier process left unfinished when the service starts.
///
/// How ordering is kept while new events keep arriving: the rebuild empties the tables and the model's inbox claims in
/// one transaction, then replays records' log and then certificates' page by page, each event through the same inbox
/// claim as the live consumer (an event delivered live meanwhile is applied once, by whichever comes first) and the
/// same guarded upserts, which never let an older event of a producer overwrite a newer one (ResultsStore). Live
/// events keep being applied during the replay; when the replay reaches the end of each log every event is in, in
/// whatever order it came, with the same result. Only one rebuild runs at a time across instances (an advisory lock).
final class ReadModelRebuilder: Service, Sendable {
    let projector: ReadModelProjector<ResultsReadModel>
    let logs: @Sendable (String) -> any EventLog
    let database: PostgresClient
    let logger: Logger
    private let running = Mutex(false)
    /// pg_advisory_lock key: "reports.results" hashed once, fixed here so every instance takes the same lock.
    static let lockKey: Int64 = 0x5245_504F_5254_5331

    init(
        projector: ReadModelProjector<ResultsReadModel>, logs: @escaping @Sendable (String) -> any EventLog, database: PostgresClient, logger: Logger
    ) {
        self.projector = projector
        self.logs = logs
        self.database = database
        self.logger = logger
    }

    /// Resumes an unfinished rebuild, then waits for shutdown (a service that returns counts as failed).
    func run() async throws {
        if try await ReadModelStatusStore.state(database: database, logger: logger) == "rebuilding" {
            logger.info("resuming the read model's unfinished rebuild")
            start()
        }
        try? await gracefulShutdown()
    }

    var isRunning: Bool { running.withLock { $0 } }

    /// Starts a rebuild in the background unless this instance runs one; false when it already did.
    @discardableResult
    func start() -> Bool {
        let began = running.withLock { value in
            if value { return false }
            value = true
            return true
        }
        guard began else { return false }
        Task {
            defer { running.withLock { $0 = false } }
            do {
                try await rebuildLocked()
            } catch {
                logger.error("read model rebuild failed; the next RebuildReadModel or start resumes it", metadata: ["error": "\(error)"])
            }
        }
        return true
    }

    /// The rebuild itself, under the advisory lock (held on one pooled connection for its duration); returns the
    /// events applied, or nil when another instance holds the lock.
    @discardableResult
    func rebuildLocked() async throws -> Int? {
        let projector = self.projector
        let logs = self.logs
        let logger = self.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query("SELECT pg_try_advisory_lock(\(Self.lockKey))", logger: logger)
            var locked = false
            for try await value in rows.decode(Bool.self) { locked = value }
            guard locked else { return nil }
            do {
                let applied = try await projector.rebuild(from: logs)
                _ = try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                logger.info("read model rebuilt", metadata: ["applied": "\(applied)"])
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }
}
