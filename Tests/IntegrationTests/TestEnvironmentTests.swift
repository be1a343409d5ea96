import Testing

/// The rule that keeps a broken test environment from passing as "all integration suites skipped".
/// Not gated on the environment: it is about what happens when the environment is absent.
@Suite struct TestEnvironmentTests {
    let complete = Dictionary(uniqueKeysWithValues: TestEnvironment.requiredVariables.map { ($0, "x") })

    @Test func plainSwiftTestSkips() {
        #expect(TestEnvironment.availability(in: [:]) == .skipped)
    }

    @Test func aRequiredButMissingEnvironmentIsAFailureNamingWhatIsMissing() {
        #expect(TestEnvironment.availability(in: ["METROLOGY_TEST_REQUIRED": "1"]) == .missing(TestEnvironment.requiredVariables))
        var partial = complete
        partial["METROLOGY_TEST_PG_PORT"] = nil
        partial["METROLOGY_TEST_REQUIRED"] = "1"
        #expect(TestEnvironment.availability(in: partial) == .missing(["METROLOGY_TEST_PG_PORT"]))
    }

    @Test func aCompleteEnvironmentRuns() {
        #expect(TestEnvironment.availability(in: complete) == .available)
        #expect(TestEnvironment.availability(in: complete.merging(["METROLOGY_TEST_REQUIRED": "1"]) { $1 }) == .available)
    }
}
