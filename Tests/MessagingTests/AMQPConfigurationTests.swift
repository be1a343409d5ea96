import Messaging
import Testing

@Suite struct AMQPConfigurationTests {
    @Test func parsesURL() throws {
        let configuration = try AMQPConfiguration(url: "amqp://lab:s3cret@broker.local:5673/metrology")
        #expect(configuration.host == "broker.local")
        #expect(configuration.port == 5673)
        #expect(configuration.user == "lab")
        #expect(configuration.password == "s3cret")
        #expect(configuration.virtualHost == "metrology")
    }

    @Test func defaultsToRootVirtualHostAndStandardPort() throws {
        let configuration = try AMQPConfiguration(url: "amqp://127.0.0.1")
        #expect(configuration.port == 5672)
        #expect(configuration.virtualHost == "/")
        #expect(configuration.user == "guest")
    }

    @Test("invalid URLs are refused with a message", arguments: ["http://x", "not a url", "amqp://"])
    func refusesInvalid(_ url: String) {
        #expect(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
    }
}

/// An AMQP URL's password never reaches an error message or a log line.
@Suite struct AMQPConfigurationRedactionTests {
    @Test(
        "an invalid URL's error shows no password",
        arguments: ["amqp://lab:s3cret@", "http://lab:s3cret@broker/", "lab:s3cret@broker", "amqp://lab:s3c@ret@/x"])
    func invalidURLError(_ url: String) {
        let error = #expect(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.description.contains("s3c") == false)
        #expect(error?.description.contains("***") == true)
    }

    @Test func redactsUserInfo() {
        #expect(AMQPConfiguration.redacted("amqp://lab:s3cret@broker:5672/v") == "amqp://***@broker:5672/v")
        #expect(AMQPConfiguration.redacted("amqp://broker:5672/") == "amqp://broker:5672/")
    }

    @Test("a configuration prints without its password")
    func description() throws {
        let configuration = try AMQPConfiguration(url: "amqp://lab:s3cret@broker.local:5673/metrology")
        #expect(!"\(configuration)".contains("s3cret"))
        #expect(!String(reflecting: configuration).contains("s3cret"))
        #expect("\(configuration)".contains("lab:***@broker.local:5673"))
    }
}
