import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The six services and the gateway as real processes, started once per test run and shared by the suites that
/// test the platform end to end.
actor PlatformStack {
    static let shared = PlatformStack()
    static let adminPassword = "Admin-Test-Passw0rd"
    static let httpPort = TestEnvironment.values["METROLOGY_TEST_HTTP_PORT"].flatMap(Int.init) ?? 56080
    static let dataKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    /// Identity's challenge clock runs this many seconds ahead of the system clock (ChallengeClock).
    static let clockOffsetFile = FileManager.default.temporaryDirectory
        .appendingPathComponent("metrology-test-\(ProcessInfo.processInfo.processIdentifier)-challenge-clock").path

    /// Moves identity's challenge clock `seconds` ahead of real time (0 puts it back).
    static func advanceChallengeClock(by seconds: Int) throws {
        try "\(seconds)\n".write(toFile: clockOffsetFile, atomically: true, encoding: .utf8)
    }

    private var processes: [ServiceProcess] = []
    private var started = false

    var gateway: URL { URL(string: "http://127.0.0.1:\(Self.httpPort)")! }

    /// Starts everything once and waits until the gateway's /readyz is green.
    func start() async throws {
        guard !started else { return }
        started = true
        for service in ["identity", "devices", "flows", "records", "certificates", "reports"] {
            var environment = TestEnvironment.serviceEnvironment(service: service, instance: "\(service)-1")
            if service == "identity" {
                environment["METROLOGY_ADMIN_PASSWORD"] = Self.adminPassword
                environment["METROLOGY_IDENTITY_DATA_KEY"] = Self.dataKey
                // A low threshold keeps the lockout tests short. Challenges live the default 120 s; expiry tests
                // advance identity's challenge clock instead of waiting (see `advanceChallengeClock`).
                environment["METROLOGY_LOCKOUT_THRESHOLD"] = "3"
                environment["METROLOGY_TEST_CLOCK_OFFSET_FILE"] = Self.clockOffsetFile
            }
            if service == "certificates" || service == "reports" {
                environment["METROLOGY_\(service.uppercased())_DATA_KEY"] = Self.dataKey
            }
            processes.append(try ServiceProcess(executable: service, name: "\(service)-1", environment: environment))
        }
        var gatewayEnvironment = TestEnvironment.serviceEnvironment(service: "gateway", instance: "gateway-1")
        gatewayEnvironment["METROLOGY_HTTP_PORT"] = "\(Self.httpPort)"
        // The suites sign in over HTTP from this one address faster than the default limit refills (20 a minute);
        // the limiter itself is tested in GatewayServiceTests.
        gatewayEnvironment["METROLOGY_RATE_LIMIT_BURST"] = "1000"
        gatewayEnvironment["METROLOGY_RATE_LIMIT_PER_MINUTE"] = "1000"
        processes.append(try ServiceProcess(executable: "gateway", name: "gateway-1", environment: gatewayEnvironment))
        let ready = try await eventually(timeout: .seconds(90), every: .milliseconds(250)) {
            let (_, response) = try await URLSession.shared.data(from: gateway.appendingPathComponent("readyz"))
            return (response as? HTTPURLResponse)?.statusCode == 200
        }
        guard ready else {
            let logs = processes.map { "== \($0.name)\n\($0.log.suffix(1500))" }.joined(separator: "\n")
            throw TestFailure("the platform did not become ready:\n\(logs)")
        }
    }
}
