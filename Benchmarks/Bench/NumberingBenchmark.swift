import Contracts
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceBootstrap
import ServiceKit

/// `bench numbering`: how fast numbers are issued with 32 concurrent callers through the platform (RPC → flows →
/// PostgreSQL, two flows instances), next to a baseline in this same process: the same counter transaction issued
/// straight to PostgreSQL with 32 concurrent connections and nothing else (no broker, no token, no idempotency
/// record, no audit). Both runs are checked for duplicates and gaps.
struct NumberingBenchmark {
    var configuration: AMQPConfiguration
    var baselineDatabase: DatabaseConfiguration
    var adminPassword: String
    var callers = 32
    var perCaller = 100
    /// Printed with the result (the bench script names the audit append mode the flows instances run with).
    var label = ""

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let client = RPCClient(configuration: configuration.named("bench-numbering"), logger: logger)
        client.start()
        guard await client.waitUntilConnected(timeout: .seconds(10)) else { throw BenchError("cannot connect to the broker") }
        let token = try await login(client)
        let (item, type) = try await prepare(client, token: token)

        let database = baselineDatabase.makeClient(logger: logger)
        let databaseTask = Task { await database.run() }
        try await prepareBaseline(database, logger: logger)

        // Warm-up of both paths.
        _ = try await platform(client, token: token, item: item, type: type, callers: 4, perCaller: 20)
        _ = try await baseline(database, callers: 4, perCaller: 20, logger: logger)

        let ours = try await platform(client, token: token, item: item, type: type, callers: callers, perCaller: perCaller)
        let theirs = try await baseline(database, callers: callers, perCaller: perCaller, logger: logger)
        print("Numbering, \(callers) concurrent callers × \(perCaller) numbers\(label.isEmpty ? "" : ", " + label)")
        print("baseline (direct SQL) numbers/s | platform (RPC, 2 flows instances) numbers/s | ratio | platform p50/p99 ms | duplicates | gaps")
        print(
            String(
                format: "%31.0f | %42.0f | %5.2f | %6.2f / %6.2f | %10d | %4d", theirs, ours.stats.throughput,
                ours.stats.throughput / theirs, ours.stats.p50, ours.stats.p99, ours.duplicates, ours.gaps))
        databaseTask.cancel()
        await client.close()
        guard ours.duplicates == 0, ours.gaps == 0 else { throw BenchError("numbers were duplicated or skipped") }
    }

    private func login(_ client: RPCClient) async throws -> String {
        var request = Metrology_Identity_V1_LoginRequest()
        request.username = "admin"
        request.password = adminPassword
        return try await client.call(IdentityMethods.login, request, options: .init(timeout: .seconds(30), retryUnavailable: true)).accessToken
    }

    /// A fresh item, type and rule for this run.
    private func prepare(_ client: RPCClient, token: String) async throws -> (String, String) {
        let options = CallOptions(timeout: .seconds(30), accessToken: token, retryUnavailable: true)
        var create = Metrology_Flows_V1_CreateItemRequest()
        let tag = UUID().uuidString.prefix(6).lowercased()
        create.code = "bench_\(tag)"
        create.name = "基准测试项目"
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = "authorization"
        basis.certificateNo = "BENCH-\(tag)"
        basis.validUntil = "2099-12-31"
        create.bases = [basis]
        let item = try await client.call(FlowsMethods.createItem, create, options: options)
        var type = Metrology_Flows_V1_AddTestTypeRequest()
        type.itemID = item.id
        type.category = "calibration"
        type.subtype = "1"
        _ = try await client.call(FlowsMethods.addTestType, type, options: options)
        var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
        rule.itemID = item.id
        rule.typeCode = "calibration:1"
        rule.target = "certificate"
        rule.prefix = "B\(tag.uppercased())-"
        rule.datePattern = "YYYY"
        rule.width = 6
        rule.start = 1
        _ = try await client.call(FlowsMethods.setNumberingRule, rule, options: options)
        return (item.id, "calibration:1")
    }

    private func platform(
        _ client: RPCClient, token: String, item: String, type: String, callers: Int, perCaller: Int
    ) async throws
        -> (stats: LatencyStats, duplicates: Int, gaps: Int)
    {
        var request = Metrology_Flows_V1_IssueNumberRequest()
        request.itemID = item
        request.typeCode = type
        request.target = "certificate"
        let call = request
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: [(Int64, String, Int64)].self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var mine: [(Int64, String, Int64)] = []
                    for _ in 0..<perCaller {
                        let begin = DispatchTime.now().uptimeNanoseconds
                        let issued = try await client.call(FlowsMethods.issueNumber, call, options: .init(timeout: .seconds(30), accessToken: token))
                        mine.append((Int64(DispatchTime.now().uptimeNanoseconds - begin), issued.number, issued.sequence))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let sequences = results.map(\.2).sorted()
        let duplicates = results.count - Set(results.map(\.1)).count
        let gaps = zip(sequences, sequences.dropFirst()).filter { $1 != $0 + 1 }.count
        return (LatencyStats(nanoseconds: results.map(\.0), seconds: seconds), duplicates, gaps)
    }

    private func prepareBaseline(_ database: PostgresClient, logger: Logger) async throws {
        try await database.query("DROP TABLE IF EXISTS bench_counters, bench_issued", logger: logger)
        try await database.query("CREATE TABLE bench_counters (period text PRIMARY KEY, next bigint NOT NULL)", logger: logger)
        try await database.query(
            "CREATE TABLE bench_issued (number text PRIMARY KEY, period text NOT NULL, sequence bigint NOT NULL, UNIQUE (period, sequence))",
            logger: logger)
    }

    /// The same transaction the flows service runs to issue a number, and nothing else.
    private func baseline(_ database: PostgresClient, callers: Int, perCaller: Int, logger: Logger) async throws -> Double {
        let period = UUID().uuidString
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    for _ in 0..<perCaller {
                        try await database.transaction(logger: logger) { connection in
                            try await connection.query(
                                "INSERT INTO bench_counters (period, next) VALUES (\(period), 1) ON CONFLICT DO NOTHING", logger: logger)
                            var sequence: Int64 = 0
                            for try await value in try await connection.query(
                                "UPDATE bench_counters SET next = next + 1 WHERE period = \(period) RETURNING next - 1", logger: logger
                            ).decode(Int64.self) {
                                sequence = value
                            }
                            try await connection.query(
                                "INSERT INTO bench_issued (number, period, sequence) VALUES (\(period + "-" + String(sequence)), \(period), \(sequence))",
                                logger: logger)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(callers * perCaller) / (ContinuousClock.now - started).seconds
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
