import Contracts
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf

/// Reads what GetReadModelStatus shows: `read_models`' row of the model, the row count, and the lag checkpoints.
enum ReadModelStatusStore {
    /// ready | rebuilding | live (never rebuilt).
    static func state(database: PostgresClient, logger: Logger) async throws -> String {
        let rows = try await database.query("SELECT state FROM read_models WHERE name = \(ResultsReadModel.name)", logger: logger)
        for try await state in rows.decode(String.self) { return state }
        return "live"
    }

    /// - Parameter scope: the caller's rows (`ReaderScope`): a supervisor's row count is of their own rows only.
    static func status(database: PostgresClient, scope: ReaderScope, logger: Logger) async throws -> Metrology_Reports_V1_ReadModelStatus {
        var status = Metrology_Reports_V1_ReadModelStatus()
        status.state = "live"
        let model = try await database.query(
            "SELECT state, coalesce(producer, ''), position, rebuilt_at FROM read_models WHERE name = \(ResultsReadModel.name)", logger: logger)
        for try await (state, producer, position, rebuiltAt) in model.decode((String, String, Int64, Date?).self) {
            status.state = state
            if state == "rebuilding" {
                status.rebuildProducer = producer
                status.rebuildPosition = position
            }
            if let rebuiltAt { status.rebuiltAt = Google_Protobuf_Timestamp(date: rebuiltAt) }
        }
        // An estimate for a large table would be cheaper, but the console shows it next to the lag: exact is clearer.
        var count = SQLText()
        count.append("SELECT count(*) FROM results")
        if scope != .everything { count.append(" WHERE \(scope.condition(&count))") }
        for try await count in try await database.query(count.query, logger: logger).decode(Int64.self) {
            status.rows = count
        }
        let lags = try await database.query(
            "SELECT producer, latest, pending, checked_at FROM lag_checkpoints ORDER BY producer", logger: logger)
        for try await (producer, latest, pending, checkedAt) in lags.decode((String, Int64, Int64, Date).self) {
            var lag = Metrology_Reports_V1_ProducerLag()
            lag.producer = producer
            lag.latestPosition = latest
            lag.pendingEvents = pending
            lag.checkedAt = Google_Protobuf_Timestamp(date: checkedAt)
            status.producers.append(lag)
            status.lagEvents += pending
        }
        return status
    }
}
