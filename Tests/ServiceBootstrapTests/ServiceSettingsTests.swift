import Messaging
import ServiceBootstrap
import Testing

/// No default secrets: a missing database password or broker URL is a configuration error that says what to set,
/// and a broker password never appears in one.
@Suite struct ServiceSettingsTests {
    let complete = ["METROLOGY_AMQP_URL": "amqp://lab:s3cret@broker:5672/metrology", "METROLOGY_DB_PASSWORD": "db-s3cret"]

    func settings(_ values: [String: String], service: String = "flows", usesDatabase: Bool = true) throws -> ServiceSettings {
        try ServiceSettings.fromEnvironment(service: service, usesDatabase: usesDatabase, EnvironmentReader(values))
    }

    @Test("a missing METROLOGY_DB_PASSWORD is an error naming it and the role (it used to default to the role's name)")
    func missingDatabasePassword() {
        var values = complete
        values["METROLOGY_DB_PASSWORD"] = nil
        let error = #expect(throws: ConfigurationError.self) { try settings(values) }
        #expect(error?.description.contains("METROLOGY_DB_PASSWORD is required") == true)
        #expect(error?.description.contains("metrology_flows") == true)
    }

    @Test("the gateway, which has no schema, needs no database password")
    func gatewayNeedsNoDatabasePassword() throws {
        var values = complete
        values["METROLOGY_DB_PASSWORD"] = nil
        #expect(try settings(values, service: "gateway", usesDatabase: false).amqp.host == "broker")
    }

    @Test("a missing METROLOGY_AMQP_URL is an error (it used to default to guest:guest)")
    func missingAMQPURL() {
        var values = complete
        values["METROLOGY_AMQP_URL"] = nil
        let error = #expect(throws: ConfigurationError.self) { try settings(values) }
        #expect(error?.description.contains("METROLOGY_AMQP_URL is required") == true)
    }

    @Test(
        "an invalid AMQP URL's error hides its password", arguments: ["amqp://lab:s3cret@", "amqps//lab:s3cret@broker", "http://lab:s3cret@broker/"])
    func invalidAMQPURL(_ url: String) {
        var values = complete
        values["METROLOGY_AMQP_URL"] = url
        let error = #expect(throws: ConfigurationError.self) { try settings(values) }
        #expect(error?.description.contains("METROLOGY_AMQP_URL is not a valid") == true)
        #expect(error?.description.contains("s3cret") == false)
    }

    @Test("the prefetch defaults to the pool size, so in-flight handlers never outnumber connections; an explicit one is kept")
    func prefetchFollowsPool() throws {
        var values = complete
        values["METROLOGY_DB_POOL"] = "4"
        #expect(try settings(values).prefetch == 4)
        values["METROLOGY_RPC_PREFETCH"] = "32"
        #expect(try settings(values).prefetch == 32)
    }

    @Test("the configuration error exit code is EX_CONFIG")
    func exitCode() { #expect(ConfigurationError.exitCode == 78) }
}
