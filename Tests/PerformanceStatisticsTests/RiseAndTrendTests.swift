import PerformanceStatistics
import Testing

/// Reference values from SciPy 1.17.1: `scipy.stats.fisher_exact([[x2, n2-x2], [x1, n1-x1]], alternative="greater")`
/// and the pooled z by hand with `scipy.stats.norm.sf`; Cochran–Armitage computed in Python from its textbook formula.
@Suite struct RiseAndTrendTests {
    @Test(
        "Fisher's one-sided p and the score z match SciPy",
        arguments: [
            (2, 100, 10, 100, 0.016520054662092484, 2.3819653367016547),
            (1, 20, 3, 25, 0.39363737038155644, 0.8199122499151819),
            (0, 30, 0, 30, 1.0, 0.0),
            (50, 10000, 80, 10000, 0.0052211487688413145, 2.639767288373333),
            (5, 50, 1, 50, 0.9866694618458047, -1.684303842133038),
        ])
    func fisherAndZ(x1: Int, n1: Int, x2: Int, n2: Int, fisher: Double, z: Double) throws {
        let outcome = try #require(RiseTest.evaluate(baselineFailures: x1, baselineTotal: n1, recentFailures: x2, recentTotal: n2))
        #expect(abs(outcome.fisherP - fisher) < 1e-10)
        #expect(abs(outcome.z - z) < 1e-10)
    }

    @Test("The exact test decides: 2/100 → 10/100 has z-test p 0.0086 but Fisher p 0.0165, so no warning at 0.01")
    func exactDecides() throws {
        let outcome = try #require(RiseTest.evaluate(baselineFailures: 2, baselineTotal: 100, recentFailures: 10, recentTotal: 100))
        #expect(outcome.zP < 0.01)
        #expect(!outcome.warning)
        let sharper = try #require(RiseTest.evaluate(baselineFailures: 2, baselineTotal: 100, recentFailures: 14, recentTotal: 100))
        #expect(sharper.warning)
    }

    @Test("No warning below the minimum count, for a fall, or on an empty period")
    func warningRule() throws {
        // 0/10 → 9/10 is very significant but each period has fewer than 20 results.
        let few = try #require(RiseTest.evaluate(baselineFailures: 0, baselineTotal: 10, recentFailures: 9, recentTotal: 10))
        #expect(few.fisherP < 0.001 && !few.warning)
        let lenient = try #require(
            RiseTest.evaluate(
                baselineFailures: 0, baselineTotal: 10, recentFailures: 9, recentTotal: 10, rule: RiseRule(alpha: 0.01, minimumPerPeriod: 5)))
        #expect(lenient.warning)
        let fall = try #require(RiseTest.evaluate(baselineFailures: 30, baselineTotal: 100, recentFailures: 1, recentTotal: 100))
        #expect(!fall.warning)
        let empty = try #require(RiseTest.evaluate(baselineFailures: 0, baselineTotal: 0, recentFailures: 0, recentTotal: 0))
        #expect(empty.fisherP == 1 && empty.z == 0 && !empty.warning)
        #expect(RiseTest.evaluate(baselineFailures: 3, baselineTotal: 2, recentFailures: 0, recentTotal: 1) == nil)
        #expect(RiseTest.evaluate(baselineFailures: -1, baselineTotal: 2, recentFailures: 0, recentTotal: 1) == nil)
    }

    @Test("Fisher's p stays a probability for large tables (lgamma path, 10⁶ results)")
    func large() throws {
        let outcome = try #require(
            RiseTest.evaluate(baselineFailures: 5_000, baselineTotal: 1_000_000, recentFailures: 5_400, recentTotal: 1_000_000))
        #expect(outcome.fisherP > 0 && outcome.fisherP < 0.01)
        #expect(outcome.warning)
    }

    @Test("Cochran–Armitage: a rising series, a flat one, degenerate ones")
    func cochranArmitage() throws {
        let rising = [(2, 100), (4, 100), (7, 100), (11, 100)].enumerated().map {
            PeriodCount(period: "2025Q\($0.offset + 1)", failures: $0.element.0, total: $0.element.1)
        }
        let outcome = try #require(TrendTest.cochranArmitage(rising))
        #expect(abs(outcome.z - 2.8246634143301605) < 1e-12)
        #expect(abs(outcome.p - 0.0047330306316715745) < 1e-12)
        #expect(abs(outcome.pRising - 0.0023665153158357872) < 1e-12)
        #expect(abs(outcome.slopePerPeriod - 0.03) < 1e-12)
        let flat = try #require(TrendTest.cochranArmitage((1...3).map { PeriodCount(period: "\($0)", failures: 5, total: 50) }))
        #expect(flat.z == 0 && flat.p == 1)
        #expect(TrendTest.cochranArmitage([]) == nil)
        #expect(TrendTest.cochranArmitage([PeriodCount(period: "a", failures: 1, total: 3), PeriodCount(period: "b", failures: 0, total: 0)]) == nil)
        #expect(TrendTest.cochranArmitage([PeriodCount(period: "a", failures: 0, total: 3), PeriodCount(period: "b", failures: 0, total: 4)]) == nil)
        #expect(TrendTest.cochranArmitage([PeriodCount(period: "a", failures: 5, total: 3), PeriodCount(period: "b", failures: 0, total: 4)]) == nil)
    }
}
