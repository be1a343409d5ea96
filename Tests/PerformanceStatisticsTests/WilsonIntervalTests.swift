import PerformanceStatistics
import Testing

/// Reference values from SciPy 1.17.1: `scipy.stats.binomtest(x, n).proportion_ci(c, method="wilson")` and
/// `statistics.NormalDist().inv_cdf(p)`.
@Suite struct WilsonIntervalTests {
    @Test("Normal quantiles and tails match Python's statistics.NormalDist")
    func normal() throws {
        #expect(abs(try #require(NormalDistribution.quantile(0.975)) - 1.9599639845400536) < 1e-12)
        #expect(abs(try #require(NormalDistribution.quantile(0.001)) - -3.090232306167813) < 1e-12)
        #expect(abs(try #require(NormalDistribution.quantile(0.9999)) - 3.7190164854557084) < 1e-11)
        #expect(abs(NormalDistribution.cdf(1.5) - 0.9331927987311419) < 1e-15)
        // scipy.stats.norm.sf(8): the upper tail keeps its digits where 1 - cdf would give 0.
        #expect(abs(NormalDistribution.upperTail(8) - 6.22096057427174e-16) / 6.22096057427174e-16 < 1e-9)
        #expect(NormalDistribution.quantile(0) == nil)
        #expect(NormalDistribution.quantile(1) == nil)
        #expect(NormalDistribution.quantile(.nan) == nil)
    }

    @Test(
        "Wilson 95 % intervals match SciPy",
        arguments: [
            (3, 20, 0.05236874589621662, 0.3604188647407569),
            (0, 10, 0.0, 0.27753279986288926),
            (10, 10, 0.7224672001371109, 1.0),
            (81, 263, 0.2552885198782742, 0.36620957698280004),
            (1, 1000, 0.00017654637062607809, 0.0056425585979579355),
        ])
    func wilson95(failures: Int, total: Int, lower: Double, upper: Double) throws {
        let interval = try #require(WilsonInterval.interval(successes: failures, trials: total, confidence: 0.95))
        #expect(abs(interval.lower - lower) < 1e-12)
        #expect(abs(interval.upper - upper) < 1e-12)
        #expect(interval.proportion == Double(failures) / Double(total))
    }

    @Test("A 99 % interval from its confidence, and the same from its z")
    func wilson99() throws {
        let byConfidence = try #require(WilsonInterval.interval(successes: 12, trials: 40, confidence: 0.99))
        #expect(abs(byConfidence.lower - 0.1532774708786344) < 1e-12)
        #expect(abs(byConfidence.upper - 0.5036318145243994) < 1e-12)
        let byZ = try #require(WilsonInterval.interval(successes: 12, trials: 40, z: 2.5758293035489))
        #expect(abs(byZ.lower - byConfidence.lower) < 1e-12)
    }

    @Test("Degenerate input gives nil, never a crash")
    func degenerate() {
        #expect(WilsonInterval.interval(successes: 0, trials: 0, z: 1.96) == nil)
        #expect(WilsonInterval.interval(successes: 5, trials: 4, z: 1.96) == nil)
        #expect(WilsonInterval.interval(successes: -1, trials: 4, z: 1.96) == nil)
        #expect(WilsonInterval.interval(successes: 1, trials: 4, z: 0) == nil)
        #expect(WilsonInterval.interval(successes: 1, trials: 4, z: .infinity) == nil)
        #expect(WilsonInterval.interval(successes: 1, trials: 4, confidence: 1) == nil)
        #expect(WilsonInterval.interval(successes: 1, trials: Int.max, z: 1.96) != nil)
    }

    @Test("Groups: counts, order by size then key, every group has its interval")
    func groups() throws {
        let outcomes =
            Array(repeating: VerificationOutcome(group: "甲厂", failed: true), count: 3)
            + Array(repeating: VerificationOutcome(group: "甲厂", failed: false), count: 17)
            + Array(repeating: VerificationOutcome(group: "乙厂", failed: false), count: 5)
            + Array(repeating: VerificationOutcome(group: "丙厂", failed: true), count: 5)
        let groups = FailureRates.group(outcomes)
        #expect(groups.map(\.group) == ["甲厂", "丙厂", "乙厂"])
        #expect(groups[0].failures == 3 && groups[0].total == 20)
        #expect(abs(try #require(groups[0].interval).upper - 0.3604188647407569) < 1e-12)
        #expect(groups[1].rate == 1 && groups[2].rate == 0)
        #expect(FailureRates.group([]).isEmpty)
    }
}
