import PerformanceStatistics
import Testing

/// Reference values from NumPy: `numpy.polyfit([0, 365, 730, 1095], [0.30, 0.42, 0.49, 0.61], 1)` gives slope
/// 2.7397260273972585e-4 per day and intercept 0.305, so the line reaches 1.0 on day 2536.75.
@Suite struct DriftAnalysisTests {
    let yearly = [
        DriftPoint(day: 0, ratio: 0.30), DriftPoint(day: 365, ratio: 0.42), DriftPoint(day: 730, ratio: 0.49), DriftPoint(day: 1095, ratio: 0.61),
    ]

    @Test("Least-squares line and its crossing of the MPE")
    func line() throws {
        let fit = try #require(DriftAnalysis.fit(yearly.reversed(), nextDueDay: 1460))
        #expect(abs(fit.slopePerDay - 2.7397260273972585e-4) < 1e-15)
        #expect(abs(fit.intercept - 0.305) < 1e-12)
        #expect(abs(try #require(fit.crossingDay) - 2536.75) < 1e-6)
        #expect(fit.points == 4 && !fit.exceeded && !fit.warning)
    }

    @Test("Warns when the crossing falls on or before the next due date, or the MPE is already exceeded")
    func warnings() throws {
        #expect(try #require(DriftAnalysis.fit(yearly, nextDueDay: 2600)).warning)
        #expect(try #require(DriftAnalysis.fit(yearly, nextDueDay: nil)).warning == false)
        let over = try #require(DriftAnalysis.fit([DriftPoint(day: 0, ratio: 1.2), DriftPoint(day: 365, ratio: 1.05)], nextDueDay: 730))
        #expect(over.exceeded && over.warning && over.crossingDay == nil)
    }

    @Test("Improving or flat instruments get no crossing; degenerate input gives nil")
    func degenerate() {
        #expect(DriftAnalysis.fit([DriftPoint(day: 0, ratio: 0.5), DriftPoint(day: 365, ratio: 0.5)], nextDueDay: 730)?.crossingDay == nil)
        #expect(DriftAnalysis.fit([], nextDueDay: 1) == nil)
        #expect(DriftAnalysis.fit([DriftPoint(day: 3, ratio: 0.5)], nextDueDay: 1) == nil)
        #expect(DriftAnalysis.fit([DriftPoint(day: 3, ratio: 0.5), DriftPoint(day: 3, ratio: 0.7)], nextDueDay: 1) == nil)
        #expect(DriftAnalysis.fit([DriftPoint(day: .nan, ratio: 0.5), DriftPoint(day: 3, ratio: .infinity)], nextDueDay: 1) == nil)
    }
}
