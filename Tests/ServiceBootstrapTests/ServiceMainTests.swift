import Testing

@testable import ServiceBootstrap

/// The shared `main` of the seven executables: what ends a process decides its exit code and its one line.
@Suite struct ServiceMainTests {
    struct Unreachable: Error {}

    @Test("a configuration error ends with EX_CONFIG (78) and says what to set, in Chinese and English")
    func configuration() {
        let ending = ServiceMain.ending(
            of: "devices", by: ConfigurationError("METROLOGY_DB_PASSWORD is required: the password of the database role metrology_devices"))
        #expect(ending.exitCode == 78)
        #expect(
            ending.message
                == "devices: 配置错误 / configuration error: METROLOGY_DB_PASSWORD is required: the password of the database role metrology_devices")
    }

    @Test("a missing broker URL read through ServiceSettings ends with 78 too")
    func missingBroker() {
        do {
            _ = try ServiceSettings.fromEnvironment(service: "gateway", usesDatabase: false, EnvironmentReader([:]))
            Issue.record("expected a ConfigurationError")
        } catch {
            let ending = ServiceMain.ending(of: "gateway", by: error)
            #expect(ending.exitCode == 78)
            #expect(ending.message.contains("METROLOGY_AMQP_URL is required"))
        }
    }

    @Test("any other error ends with 1 and names the error")
    func otherError() {
        let ending = ServiceMain.ending(of: "flows", by: Unreachable())
        #expect(ending.exitCode == 1)
        #expect(ending.message.hasPrefix("flows: 运行失败 / failed: "))
        #expect(ending.message.contains("Unreachable"))
    }
}
