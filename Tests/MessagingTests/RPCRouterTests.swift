import Contracts
import Foundation
import Logging
import Messaging
import RPCCore
import SwiftProtobuf
import Testing

@Suite struct RPCRouterTests {
    let context = RPCContext(
        service: "echo", method: EchoMethods.echo.fullName, messageID: "m-1", deadline: nil, authorization: "Bearer abc", trace: .random(),
        redelivered: false, logger: Logger(label: "test"))

    @Test func decodesCallsAndEncodes() async throws {
        var router = RPCRouter()
        router.register(EchoMethods.echo) { request, _ in
            var response = Metrology_Testing_V1_EchoResponse()
            response.payload = request.payload + request.payload
            return response
        }
        var request = Metrology_Testing_V1_EchoRequest()
        request.payload = Data([1, 2])
        let handler = try #require(router.handlers[EchoMethods.echo.fullName])
        let bytes = try await handler(try request.serializedBytes(), context)
        #expect(try Metrology_Testing_V1_EchoResponse(serializedBytes: bytes).payload == Data([1, 2, 1, 2]))
    }

    @Test func malformedPayloadIsReportedAsSuch() async throws {
        var router = RPCRouter()
        router.register(EchoMethods.echo) { _, _ in Metrology_Testing_V1_EchoResponse() }
        let handler = try #require(router.handlers[EchoMethods.echo.fullName])
        await #expect(throws: MalformedPayload.self) { _ = try await handler([0xFF, 0xFF, 0xFF], context) }
    }

    @Test func bearerTokenIsParsed() {
        #expect(context.bearerToken == "abc")
        let none = RPCContext(
            service: "x", method: "m", messageID: "1", deadline: nil, authorization: "Basic abc", trace: .random(), redelivered: false,
            logger: Logger(label: "t"))
        #expect(none.bearerToken == nil)
    }
}
