import Contracts
import Foundation
import PerformanceStatistics

/// One instrument's drift report from its results: the points, the least-squares line through them and whether it
/// reaches the MPE before the next verification is due (the newest certificate's valid-until date).
enum DriftReportBuilder {
    static func report(_ request: Metrology_Reports_V1_DriftQuery, results: [EvaluationStore.InstrumentResult]) -> Metrology_Reports_V1_DriftReport {
        var report = Metrology_Reports_V1_DriftReport()
        report.instrumentID = request.instrumentID
        if let newest = results.last {
            report.instrumentName = newest.name
            report.instrumentModel = newest.model
            report.instrumentSerial = newest.serial
        }
        var points: [PerformanceStatistics.DriftPoint] = []
        for result in results {
            guard
                let ratio = DriftRatio.ratio(
                    data: DriftRatio.object(result.data), errorItem: request.errorItem, mpeItem: request.mpeItem, mpeValue: request.mpeValue)
            else { continue }
            var point = Metrology_Reports_V1_DriftPoint()
            point.testDate = day(result.testDate)
            point.ratio = ratio
            point.certificateNumber = result.certificateNumber
            point.conclusion = result.conclusion
            report.points.append(point)
            points.append(PerformanceStatistics.DriftPoint(day: result.testDate.timeIntervalSince1970 / 86_400, ratio: ratio))
        }
        let nextDue = results.last?.validUntil
        report.nextDue = nextDue.map(day) ?? ""
        guard let fit = DriftAnalysis.fit(points, nextDueDay: nextDue.map { $0.timeIntervalSince1970 / 86_400 }), let first = points.first else {
            report.message = results.isEmpty ? "该器具尚无已签发的检定结果" : "可用于拟合的检定结果少于 2 次（需含所选误差数据项），无法判断漂移"
            return report
        }
        report.fitted = true
        report.slopePerYear = fit.slopePerDay * 365.25
        report.interceptAtFirst = fit.intercept + fit.slopePerDay * first.day
        if let crossing = fit.crossingDay, crossing.isFinite, abs(crossing) < 1e7 {
            report.predictedCrossing = day(Date(timeIntervalSince1970: crossing * 86_400))
        }
        report.warning = fit.warning
        if fit.exceeded {
            report.message = "最近一次检定的最大误差已达到或超过最大允许误差"
        } else if fit.warning {
            report.message = "按误差变化趋势，预计在下次检定（\(report.nextDue)）前达到最大允许误差（约 \(report.predictedCrossing)），建议提前检定或维修"
        } else if report.predictedCrossing.isEmpty {
            report.message = "误差未呈上升趋势"
        } else {
            report.message = "误差呈上升趋势，预计约 \(report.predictedCrossing) 达到最大允许误差"
        }
        return report
    }

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
