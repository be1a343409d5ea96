import Contracts
import GatewayService
import Messaging
import RPCCore
import SwiftProtobuf
import Synchronization

/// Stands in for the services: answers by method, fails (UNAVAILABLE) on anything it was not told about, and
/// remembers every call so a test can check what the gateway sent — or that it sent nothing.
struct FakeBackend: GatewayBackend {
    /// Looked up as `health:<service>` for health checks, then `<service>:<fullName>` (methods every service answers,
    /// such as Audit/List), then `<fullName>`.
    var answers: [String: @Sendable ([UInt8]) throws -> any SwiftProtobuf.Message] = [:]
    var isConnected = true
    let calls = CallLog()

    func call<Request, Response>(_ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions) async throws -> Response {
        let bytes: [UInt8] = try request.serializedBytes()
        calls.record(
            .init(
                fullName: method.fullName, service: method.service, bytes: bytes, accessToken: options.accessToken, messageID: options.messageID,
                deviceID: options.deviceID))
        var keys = ["\(method.service):\(method.fullName)", method.fullName]
        if method.fullName == HealthMethods.check("x").fullName { keys.insert("health:\(method.service)", at: 0) }
        guard let answer = keys.lazy.compactMap({ answers[$0] }).first else { throw RPCError.unavailable("fake: no answer for \(keys[0])") }
        guard let response = try answer(bytes) as? Response else { throw RPCError.internal }
        return response
    }

    /// Answers `method` (only on `service`'s queue, when given) with `reply`, which gets the decoded request.
    mutating func answer<Request, Response>(
        _ method: RPCMethod<Request, Response>, on service: String? = nil, _ reply: @escaping @Sendable (Request) throws -> Response
    ) {
        answers[service.map { "\($0):\(method.fullName)" } ?? method.fullName] = { bytes in try reply(try Request(serializedBytes: bytes)) }
    }
}

/// One call the gateway made.
struct RecordedCall: Sendable {
    var fullName: String
    var service: String
    var bytes: [UInt8]
    var accessToken: String?
    var messageID: String?
    /// The `X-Device-Id` the gateway passed on (`CallOptions.deviceID`).
    var deviceID: String?

    func request<Message: SwiftProtobuf.Message>(as type: Message.Type) throws -> Message {
        try Message(serializedBytes: bytes)
    }
}

/// The calls, shared by copies of a FakeBackend (the router holds its own copy).
final class CallLog: Sendable {
    private let storage = Mutex<[RecordedCall]>([])

    func record(_ call: RecordedCall) { storage.withLock { $0.append(call) } }
    var all: [RecordedCall] { storage.withLock { $0 } }
    var last: RecordedCall? { all.last }
}
