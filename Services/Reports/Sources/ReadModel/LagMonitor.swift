import Contracts
import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// Measures how far the read model is behind its producers, every few seconds: it reads each producer's retained log
/// (`EventLog/ListEvents`) from its checkpoint, asks the inbox which of the declared events the model has applied,
/// moves the checkpoint over the applied ones, and counts the rest as pending. The sum is the gauge
/// `reports_lag_events` and what GetReadModelStatus shows. The log gives positions, the live deliveries do not, so
/// the inbox (event ids) is what joins the two. One round reads at most `maxPages` pages per producer: a lag larger
/// than that is reported as at least that much, and the next rounds read on.
struct LagMonitor: Service {
    let database: PostgresClient
    let logs: @Sendable (String) -> any EventLog
    let inbox: String
    let declaredTypes: Set<String>
    let producers: [String]
    let interval: Duration
    let logger: Logger
    var pageSize = 1000
    var maxPages = 5

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await checkOnce()
            } catch {
                logger.debug("read model lag check failed", metadata: ["error": "\(String(reflecting: error).prefix(300))"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// One round over every producer; returns the pending events in all.
    @discardableResult
    func checkOnce() async throws -> Int64 {
        var total: Int64 = 0
        for producer in producers {
            total += try await check(producer)
        }
        Gauge(label: "reports_lag_events").record(total)
        return total
    }

    private func check(_ producer: String) async throws -> Int64 {
        var checkpoint = try await position(of: producer)
        var latest = checkpoint
        var pending: Int64 = 0
        var contiguous = true
        for _ in 0..<maxPages {
            let page = try await logs(producer).events(after: latest, limit: pageSize)
            guard let last = page.last else { break }
            let declared = page.filter { declaredTypes.contains($0.envelope.type) }
            let applied = try await claimed(declared.map(\.envelope.eventID))
            for event in page {
                let done = !declaredTypes.contains(event.envelope.type) || applied.contains(event.envelope.eventID)
                if !done { pending += 1 }
                contiguous = contiguous && done
                if contiguous { checkpoint = event.position }
            }
            latest = last.position
            if page.count < pageSize { break }
        }
        try await database.query(
            """
            INSERT INTO lag_checkpoints (producer, position, latest, pending, checked_at) VALUES (\(producer), \(checkpoint), \(latest), \(pending), now())
            ON CONFLICT (producer) DO UPDATE SET position = EXCLUDED.position, latest = EXCLUDED.latest, pending = EXCLUDED.pending,
                checked_at = now()
            """, logger: logger)
        return pending
    }

    private func position(of producer: String) async throws -> Int64 {
        let rows = try await database.query("SELECT position FROM lag_checkpoints WHERE producer = \(producer)", logger: logger)
        for try await position in rows.decode(Int64.self) { return position }
        return 0
    }

    private func claimed(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.query(
            "SELECT event_id FROM inbox WHERE consumer = \(inbox) AND event_id = ANY(\(ids))", logger: logger)
        var found = Set<String>()
        for try await id in rows.decode(String.self) { found.insert(id) }
        return found
    }
}
