import Auth
import Contracts
import Foundation
import Logging
import PerformanceStatistics
import PostgresNIO
import RPCCore
import ServiceKit

/// Instrument performance evaluation (seed 001) over the read model, for its three audiences: regulators (by use and
/// region, with rise warnings), manufacturers (a manufacturer's models against the field) and users (one customer's
/// instruments, their drift). reports.query for all; anything that names or singles out a customer needs
/// records.query as well, the permission that reads customers in records:
/// - grouping by customer or filtering to one is refused without it (REPORTS_EVALUATION_CUSTOMER_FORBIDDEN);
/// - without it, groups drawn from fewer than 3 customers are folded into one "其他" group, since a model used by one
///   customer would otherwise show that customer's results;
/// - drift is per instrument, hence per customer: it needs records.query.
struct EvaluationHandlers: Sendable {
    let database: PostgresClient

    /// Fewer distinct customers than this in a group and a reader without records.query does not see it alone.
    static let minimumCustomers = 3
    /// Series drawn on the trend chart: the largest groups.
    static let maximumSeries = 8

    func register(on router: inout ServiceRouter) {
        router.query(ReportsMethods.evaluateFailureRates, access: .permission(.reportsQuery), evaluateFailureRates)
        router.query(ReportsMethods.evaluateTrends, access: .permission(.reportsQuery), evaluateTrends)
        router.query(ReportsMethods.evaluateDrift, access: .permission(.reportsQuery), evaluateDrift)
    }

    func evaluateFailureRates(
        _ request: Metrology_Reports_V1_EvaluationQuery, _ context: CallContext
    ) async throws -> Metrology_Reports_V1_FailureRateReport {
        let (dimension, filter, confidence, seesCustomers) = try validate(request, context)
        let (counts, field) = try await database.withConnection { connection in
            (
                try await EvaluationStore.groups(dimension, filter: filter, on: connection, logger: context.logger),
                try await EvaluationStore.overall(filter: filter, field: true, on: connection, logger: context.logger)
            )
        }
        let (groups, note) = Self.protect(counts, dimension: dimension, seesCustomers: seesCustomers, minimumGroup: Int(request.minimumGroup))
        var report = Metrology_Reports_V1_FailureRateReport()
        report.dimension = dimension.rawValue
        report.confidence = confidence
        report.groups = groups.map { Self.message($0, dimension: dimension, confidence: confidence) }
        report.field = Self.message(
            EvaluationStore.GroupCount(key: "", title: "全部（参照）", failures: field.0, total: field.1, customers: 0), dimension: dimension,
            confidence: confidence)
        report.note = note
        return report
    }

    func evaluateTrends(_ request: Metrology_Reports_V1_EvaluationQuery, _ context: CallContext) async throws -> Metrology_Reports_V1_TrendReport {
        let (dimension, filter, confidence, seesCustomers) = try validate(request, context)
        let counts = try await database.withConnection { try await EvaluationStore.groups(dimension, filter: filter, on: $0, logger: context.logger) }
        let (groups, note) = Self.protect(counts, dimension: dimension, seesCustomers: seesCustomers, minimumGroup: Int(request.minimumGroup))
        // The folded "其他" group has no single key to count quarters by; it is left off the trend chart.
        let shown = Array(groups.filter { $0.key != Self.otherKey }.prefix(Self.maximumSeries))
        let quarters = try await database.withConnection {
            try await EvaluationStore.quarters(dimension, keys: shown.map(\.key), filter: filter, on: $0, logger: context.logger)
        }
        let axis = QuarterAxis.quarters(from: quarters.map(\.quarter))
        var report = Metrology_Reports_V1_TrendReport()
        report.dimension = dimension.rawValue
        report.note = note
        report.rule =
            "趋势：Cochran–Armitage 线性趋势检验（各季度依次计分 0、1、2…）；突增预警：最近一个季度与此前至多 4 个季度合计相比，"
            + "Fisher 精确检验单侧 p < \(RiseRule.standard.alpha)，且两期各至少 \(RiseRule.standard.minimumPerPeriod) 条结果"
        report.series = shown.map { group in
            let byQuarter = Dictionary(quarters.filter { $0.key == group.key }.map { ($0.quarter, $0) }, uniquingKeysWith: { a, _ in a })
            let periods = axis.map { PeriodCount(period: $0, failures: byQuarter[$0]?.failures ?? 0, total: byQuarter[$0]?.total ?? 0) }
            return Self.series(group, periods: periods, dimension: dimension, confidence: confidence)
        }
        return report
    }

    func evaluateDrift(_ request: Metrology_Reports_V1_DriftQuery, _ context: CallContext) async throws -> Metrology_Reports_V1_DriftReport {
        let caller = try context.caller()
        guard caller.has(.recordsQuery) else { throw EvaluationErrors.customerForbidden }
        guard !request.instrumentID.isEmpty, request.instrumentID.count <= 100 else { throw EvaluationErrors.instrumentRequired }
        guard !request.errorItem.isEmpty, request.errorItem.count <= 100, request.mpeItem.count <= 100,
            !request.mpeItem.isEmpty || (request.mpeValue.isFinite && request.mpeValue != 0)
        else { throw EvaluationErrors.errorItemRequired }
        let results = try await database.withConnection {
            try await EvaluationStore.instrumentResults(request.instrumentID, scope: ReaderScope(caller), on: $0, logger: context.logger)
        }
        return DriftReportBuilder.report(request, results: results)
    }

    // MARK: - Shared steps

    private func validate(
        _ request: Metrology_Reports_V1_EvaluationQuery, _ context: CallContext
    ) throws -> (EvaluationDimension, EvaluationFilter, Double, Bool) {
        let caller = try context.caller()
        guard let dimension = EvaluationDimension(rawValue: request.dimension.isEmpty ? "item" : request.dimension) else {
            throw EvaluationErrors.dimension
        }
        let confidence = request.confidence == 0 ? 0.95 : request.confidence
        guard confidence >= 0.5, confidence <= 0.999 else { throw EvaluationErrors.confidence }
        let filter = try EvaluationFilter(request, scope: ReaderScope(caller))
        let seesCustomers = caller.has(.recordsQuery)
        if !seesCustomers, dimension == .customer || !request.customerID.isEmpty { throw EvaluationErrors.customerForbidden }
        return (dimension, filter, confidence, seesCustomers)
    }

    static let otherKey = "\u{1F}other"

    /// Folds the groups a reader may not see alone (fewer than 3 customers, without records.query) and those below
    /// the requested minimum size into one "其他" group, and says so.
    static func protect(
        _ groups: [EvaluationStore.GroupCount], dimension: EvaluationDimension, seesCustomers: Bool, minimumGroup: Int
    ) -> ([EvaluationStore.GroupCount], String) {
        var shown: [EvaluationStore.GroupCount] = []
        var other = EvaluationStore.GroupCount(key: otherKey, title: "", failures: 0, total: 0, customers: 0)
        var foldedForPrivacy = 0
        var foldedForSize = 0
        for group in groups {
            if !seesCustomers && group.customers < minimumCustomers {
                foldedForPrivacy += 1
            } else if group.total < max(1, minimumGroup) {
                foldedForSize += 1
            } else {
                shown.append(group)
                continue
            }
            other.failures += group.failures
            other.total += group.total
            other.customers += group.customers
        }
        var notes: [String] = []
        if foldedForPrivacy > 0 { notes.append("\(foldedForPrivacy) 个分组的委托方少于 \(minimumCustomers) 家，为免识别委托方已并入“其他”") }
        if foldedForSize > 0 { notes.append("\(foldedForSize) 个分组的结果少于 \(minimumGroup) 条，已并入“其他”") }
        if other.total > 0 {
            other.title = "其他（\(foldedForPrivacy + foldedForSize) 组）"
            shown.append(other)
        }
        return (shown, notes.joined(separator: "；"))
    }

    static func message(
        _ group: EvaluationStore.GroupCount, dimension: EvaluationDimension, confidence: Double
    ) -> Metrology_Reports_V1_FailureRateGroup {
        var message = Metrology_Reports_V1_FailureRateGroup()
        message.key = group.key == otherKey ? "" : group.key
        message.title =
            group.key == otherKey || group.key.isEmpty && group.customers == 0
            ? group.title : dimension.displayTitle(key: group.key, title: group.title)
        message.failures = Int64(group.failures)
        message.total = Int64(group.total)
        if let interval = WilsonInterval.interval(successes: group.failures, trials: group.total, confidence: confidence) {
            message.rate = interval.proportion
            message.lower = interval.lower
            message.upper = interval.upper
        }
        return message
    }

    static func series(
        _ group: EvaluationStore.GroupCount, periods: [PeriodCount], dimension: EvaluationDimension, confidence: Double
    ) -> Metrology_Reports_V1_TrendSeries {
        var series = Metrology_Reports_V1_TrendSeries()
        series.key = group.key
        series.title = dimension.displayTitle(key: group.key, title: group.title)
        series.points = periods.map { period in
            var point = Metrology_Reports_V1_QuarterPoint()
            point.quarter = period.period
            point.failures = Int64(period.failures)
            point.total = Int64(period.total)
            if let interval = WilsonInterval.interval(successes: period.failures, trials: period.total, confidence: confidence) {
                point.rate = interval.proportion
                point.lower = interval.lower
                point.upper = interval.upper
            }
            return point
        }
        let trend = TrendTest.cochranArmitage(periods)
        series.trendZ = trend?.z ?? 0
        series.trendPRising = trend?.pRising ?? 1
        series.risePValue(from: periods)
        return series
    }
}

extension Metrology_Reports_V1_TrendSeries {
    /// The last non-empty quarter against the (at most) four before it.
    mutating func risePValue(from periods: [PeriodCount]) {
        riseP = 1
        guard let last = periods.lastIndex(where: { $0.total > 0 }), last > 0 else { return }
        let baseline = periods[max(0, last - 4)..<last]
        let recent = periods[last]
        guard
            let outcome = RiseTest.evaluate(
                baselineFailures: baseline.reduce(0) { $0 + $1.failures }, baselineTotal: baseline.reduce(0) { $0 + $1.total },
                recentFailures: recent.failures, recentTotal: recent.total)
        else { return }
        riseP = outcome.fisherP
        riseWarning = outcome.warning
        baselineRate = outcome.baselineRate
        recentRate = outcome.recentRate
    }
}
