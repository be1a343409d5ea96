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
