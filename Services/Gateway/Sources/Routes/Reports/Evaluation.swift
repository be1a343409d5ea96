import Contracts
import ReportsAPI

/// `/v1/reports/evaluation/*`: instrument performance evaluation (seed 001). The service checks reports.query, and
/// records.query for anything customer-level; the gateway only maps shapes.
extension ReportsRoutes {
    func evaluateFailureRates(_ input: Operations.EvaluateFailureRates.Input) async throws -> Operations.EvaluateFailureRates.Output {
        let q = input.query
        let request = Self.evaluationQuery(
            dimension: q.dimension?.rawValue, itemID: q.itemId, manufacturer: q.manufacturer, model: q.model, regionPrefix: q.regionPrefix,
            use: q.use?.rawValue, customerID: q.customerId, fromDate: q.fromDate, toDate: q.toDate, confidence: q.confidence,
            minimumGroup: q.minimumGroup, mandatoryOnly: q.mandatoryOnly)
        let report = try await call(ReportsMethods.evaluateFailureRates, request)
        return .ok(
            .init(
                body: .json(
                    .init(
                        dimension: report.dimension, groups: report.groups.map(Components.Schemas.FailureRateGroup.init),
                        field: .init(report.field), confidence: report.confidence, note: report.note))))
    }

    func evaluateTrends(_ input: Operations.EvaluateTrends.Input) async throws -> Operations.EvaluateTrends.Output {
        let q = input.query
        let request = Self.evaluationQuery(
            dimension: q.dimension?.rawValue, itemID: q.itemId, manufacturer: q.manufacturer, model: q.model, regionPrefix: q.regionPrefix,
            use: q.use?.rawValue, customerID: q.customerId, fromDate: q.fromDate, toDate: q.toDate, confidence: q.confidence,
            minimumGroup: q.minimumGroup, mandatoryOnly: q.mandatoryOnly)
        let report = try await call(ReportsMethods.evaluateTrends, request)
        let series = report.series.map { series in
            Components.Schemas.TrendSeries(
                key: series.key, title: series.title,
                points: series.points.map {
                    .init(quarter: $0.quarter, failures: $0.failures, total: $0.total, rate: $0.rate, lower: $0.lower, upper: $0.upper)
                },
                trendZ: series.trendZ, trendPRising: series.trendPRising, riseP: series.riseP, riseWarning: series.riseWarning,
                baselineRate: series.baselineRate, recentRate: series.recentRate)
        }
        return .ok(.init(body: .json(.init(dimension: report.dimension, series: series, rule: report.rule, note: report.note))))
    }

    func evaluateDrift(_ input: Operations.EvaluateDrift.Input) async throws -> Operations.EvaluateDrift.Output {
        var request = Metrology_Reports_V1_DriftQuery()
        request.instrumentID = input.query.instrumentId
        request.errorItem = input.query.errorItem
        request.mpeItem = input.query.mpeItem ?? ""
        request.mpeValue = input.query.mpeValue ?? 0
        let report = try await call(ReportsMethods.evaluateDrift, request)
        return .ok(
            .init(
                body: .json(
                    .init(
                        instrumentId: report.instrumentID, instrumentName: report.instrumentName, instrumentModel: report.instrumentModel,
                        instrumentSerial: report.instrumentSerial,
                        points: report.points.map {
                            .init(testDate: $0.testDate, ratio: $0.ratio, certificateNumber: $0.certificateNumber, conclusion: $0.conclusion)
                        },
                        fitted: report.fitted, slopePerYear: report.slopePerYear, interceptAtFirst: report.interceptAtFirst,
                        predictedCrossing: report.predictedCrossing, nextDue: report.nextDue, warning: report.warning, message: report.message))))
    }

    static func evaluationQuery(
        dimension: String?, itemID: String?, manufacturer: String?, model: String?, regionPrefix: String?, use: String?, customerID: String?,
        fromDate: String?, toDate: String?, confidence: Double?, minimumGroup: Int32?, mandatoryOnly: Bool?
    ) -> Metrology_Reports_V1_EvaluationQuery {
        var request = Metrology_Reports_V1_EvaluationQuery()
        request.dimension = dimension ?? ""
        request.itemID = itemID ?? ""
        request.manufacturer = manufacturer ?? ""
        request.model = model ?? ""
        request.regionPrefix = regionPrefix ?? ""
        request.use = use ?? ""
        request.customerID = customerID ?? ""
        request.fromDate = fromDate ?? ""
        request.toDate = toDate ?? ""
        request.confidence = confidence ?? 0
        request.minimumGroup = minimumGroup ?? 0
        request.mandatoryOnly = mandatoryOnly ?? false
        return request
    }
}

extension Components.Schemas.FailureRateGroup {
    init(_ group: Metrology_Reports_V1_FailureRateGroup) {
        self.init(
            key: group.key, title: group.title, failures: group.failures, total: group.total, rate: group.rate, lower: group.lower, upper: group.upper
        )
    }
}
