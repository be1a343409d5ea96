import Foundation
import Logging
import PostgresNIO

/// The evaluation's SQL over `results`: counts per group (and per quarter), and one instrument's results.
enum EvaluationStore {
    struct GroupCount: Sendable {
        var key: String
        var title: String
        var failures: Int
        var total: Int
        /// Distinct customers in the group: a group of one or two would identify them.
        var customers: Int
    }

    struct QuarterCount: Sendable {
        var key: String
        var quarter: String
        var failures: Int
        var total: Int
    }

    struct InstrumentResult: Sendable {
        var testDate: Date
        var data: String
        var certificateNumber: String
        var conclusion: String
        var validUntil: Date?
        var name: String
        var model: String
        var serial: String
        var customerID: String
    }

    static func groups(
        _ dimension: EvaluationDimension, filter: EvaluationFilter, on connection: PostgresConnection, logger: Logger
    ) async throws -> [GroupCount] {
        var sql = SQLText()
        sql.append(
            """
            SELECT \(dimension.keySQL) AS key, max(\(dimension.titleSQL)), count(*) FILTER (WHERE NOT passed), count(*), count(DISTINCT customer_id)
            FROM results
            """)
        filter.append(to: &sql)
        sql.append(" GROUP BY 1 ORDER BY 4 DESC, 1 LIMIT 500")
        var groups: [GroupCount] = []
        for try await (key, title, failures, total, customers) in try await connection.query(sql.query, logger: logger).decode(
            (String?, String?, Int64, Int64, Int64).self)
        {
            groups.append(GroupCount(key: key ?? "", title: title ?? "", failures: Int(failures), total: Int(total), customers: Int(customers)))
        }
        return groups
    }

    /// Everything the filter admits, with `field` leaving out the manufacturer and model.
    static func overall(filter: EvaluationFilter, field: Bool, on connection: PostgresConnection, logger: Logger) async throws -> (Int, Int) {
        var sql = SQLText()
        sql.append("SELECT count(*) FILTER (WHERE NOT passed), count(*) FROM results")
        filter.append(to: &sql, field: field)
        for try await (failures, total) in try await connection.query(sql.query, logger: logger).decode((Int64, Int64).self) {
            return (Int(failures), Int(total))
        }
        return (0, 0)
    }

    static func quarters(
        _ dimension: EvaluationDimension, keys: [String], filter: EvaluationFilter, on connection: PostgresConnection, logger: Logger
    ) async throws -> [QuarterCount] {
        guard !keys.isEmpty else { return [] }
        var sql = SQLText()
        sql.append(
            """
            SELECT \(dimension.keySQL) AS key, to_char(test_date, 'YYYY"Q"Q') AS quarter, count(*) FILTER (WHERE NOT passed), count(*)
            FROM results
            """)
        filter.append(to: &sql)
        sql.append(" AND test_date IS NOT NULL AND \(dimension.keySQL) = ANY(\(sql.bind(keys))) GROUP BY 1, 2 ORDER BY 1, 2")
        var counts: [QuarterCount] = []
        for try await (key, quarter, failures, total) in try await connection.query(sql.query, logger: logger).decode(
            (String?, String, Int64, Int64).self)
        {
            counts.append(QuarterCount(key: key ?? "", quarter: quarter, failures: Int(failures), total: Int(total)))
        }
        return counts
    }

    /// The instrument's issued results in test-date order (at most 200: decades of verifications).
    static func instrumentResults(
        _ instrumentID: String, scope: ReaderScope, on connection: PostgresConnection, logger: Logger
    ) async throws -> [InstrumentResult] {
        var sql = SQLText()
        sql.append(
            """
            SELECT test_date::timestamptz, data::text, certificate_number, conclusion, valid_until::timestamptz, instrument_name, instrument_model,
                   instrument_serial, customer_id
            FROM results
            WHERE instrument_id = \(sql.bind(instrumentID)) AND certificate_state = 'issued' AND test_date IS NOT NULL
            """)
        if scope != .everything { sql.append(" AND \(scope.condition(&sql))") }
        sql.append(" ORDER BY test_date, issued_at LIMIT 200")
        let rows = try await connection.query(sql.query, logger: logger)
        var results: [InstrumentResult] = []
        for try await (date, data, number, conclusion, validUntil, name, model, serial, customer) in rows.decode(
            (Date, String, String, String, Date?, String, String, String, String).self)
        {
            results.append(
                InstrumentResult(
                    testDate: date, data: data, certificateNumber: number, conclusion: conclusion, validUntil: validUntil, name: name, model: model,
                    serial: serial, customerID: customer))
        }
        return results
    }
}
