import Contracts
import Foundation
import Messaging
import RPCCore
import SwiftProtobuf
import Synchronization
import Testing

/// gRPC semantics over the real broker: replies, errors, deadlines, idempotency, concurrency, bad input.
@Suite("RPC over RabbitMQ", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RPCSemanticsTests {
    @Test("a call returns the handler's response")
    func echo() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            var request = Metrology_Testing_V1_EchoRequest()
            request.payload = Data("检定".utf8)
            let response = try await client.call(cluster.method(EchoMethods.echo), request)
            #expect(response.payload == request.payload)
            #expect(response.instanceID == "\(cluster.queue)-1")
            await client.close()
        }
    }

    @Test("a call with a 20 KB token and a 300 KB payload (three body frames each way) comes back whole")
    func largeHeadersAndBody() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            var request = Metrology_Testing_V1_EchoRequest()
            request.payload = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            // The echo handler ignores the caller; the token only has to cross the wire in one piece.
            let response = try await client.call(
                cluster.method(EchoMethods.echo), request, options: .init(accessToken: String(repeating: "令", count: 7_000), deviceID: "设备-001"))
            #expect(response.payload == request.payload)
            await client.close()
        }
    }

    @Test("an unknown method gives UNIMPLEMENTED and the service keeps serving")
    func unknownMethod() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            try await expectRPCError(.unimplemented) {
                _ = try await client.callRaw(service: cluster.queue, method: "/metrology.testing.v1.EchoService/Nope", payload: [], options: .init())
            }
            _ = try await client.call(cluster.method(EchoMethods.echo), .init())
            await client.close()
        }
    }

    @Test("malformed protobuf gives INVALID_ARGUMENT, a copy goes to the dead-letter queue with the reason")
    func malformedPayload() async throws {
        try await withEchoCluster { cluster in
            let deadLetters = try await DeadLetterReader(service: cluster.queue)
            let client = try await makeClient()
            let error = try await expectRPCError(.invalidArgument) {
                _ = try await client.callRaw(
                    service: cluster.queue, method: EchoMethods.increment.fullName, payload: [0xFF, 0xFF, 0xFF], options: .init())
            }
            #expect(error.reason == "MALFORMED_REQUEST")
            #expect(try await eventually { deadLetters.reasons().contains { $0.contains("无法解析") } })
            _ = try await client.call(cluster.method(EchoMethods.echo), .init())
            await client.close()
            await deadLetters.close()
        }
    }

    @Test("a request nobody can answer (no reply_to) is dead-lettered, not lost and not blocking")
    func unanswerableRequest() async throws {
        try await withEchoCluster { cluster in
            let deadLetters = try await DeadLetterReader(service: cluster.queue)
            let raw = AMQPConnection(
                configuration: TestEnvironment.amqp("raw"), topology: AMQPTopology(publisherConfirms: true), logger: TestEnvironment.logger)
            raw.start()
            #expect(await raw.waitUntilConnected(timeout: .seconds(10)))
            try await raw.publish(
                AMQPOutgoing(routingKey: QueueNames.rpcQueue(cluster.queue), properties: .init(type: EchoMethods.echo.fullName), body: []),
                confirm: true)
            #expect(try await eventually { deadLetters.reasons().contains { $0.contains("reply_to") } })
            let client = try await makeClient()
            _ = try await client.call(cluster.method(EchoMethods.echo), .init())
            await client.close()
            await raw.close()
            await deadLetters.close()
        }
    }

    @Test("a request whose body is not an RpcRequest envelope is answered INVALID_ARGUMENT and dead-lettered; the service keeps serving")
    func malformedEnvelope() async throws {
        try await withEchoCluster { cluster in
            let deadLetters = try await DeadLetterReader(service: cluster.queue)
            let replies = Mutex<[AMQPDelivery]>([])
            // A bare connection that speaks AMQP but not our envelope, with its own direct reply-to consumer.
            let raw = AMQPConnection(
                configuration: TestEnvironment.amqp("raw-envelope"),
                topology: AMQPTopology(consumers: [.init(queue: RPCHeaders.directReplyTo, tag: "raw-replies", noAck: true)]),
                logger: TestEnvironment.logger, onDelivery: { delivery in replies.withLock { $0.append(delivery) } })
            raw.start()
            #expect(await raw.waitUntilConnected(timeout: .seconds(10)))
            // 0xFF starts a field with wire type 7, which protobuf does not have.
            try await raw.publish(
                AMQPOutgoing(
                    routingKey: QueueNames.rpcQueue(cluster.queue),
                    properties: .init(
                        correlationID: "raw-1", replyTo: RPCHeaders.directReplyTo, messageID: UUID().uuidString, type: EchoMethods.echo.fullName),
                    body: [0xFF, 0xFF, 0xFF]),
                confirm: false)
            #expect(try await eventually { replies.withLock { !$0.isEmpty } })
            let answer = try #require(replies.withLock { $0.first })
            #expect(answer.properties.correlationID == "raw-1")
            let reply = try Metrology_Common_V1_RpcReply(serializedBytes: answer.body)
            #expect(reply.status.code == RPCCode.invalidArgument.rawValue)
            #expect(reply.status.reason == "MALFORMED_REQUEST")
            #expect(try await eventually { deadLetters.reasons().contains { $0.contains("RpcRequest") } })
            let client = try await makeClient()
            _ = try await client.call(cluster.method(EchoMethods.echo), .init())
            await client.close()
            await raw.close()
            await deadLetters.close()
        }
    }

    @Test("a call past its deadline fails with DEADLINE_EXCEEDED on time")
    func deadline() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            let started = ContinuousClock.now
            try await expectRPCError(.deadlineExceeded) {
                _ = try await client.call(
                    cluster.method(EchoMethods.increment), incrementRequest("slow-\(UUID())", pauseBefore: 3000),
                    options: .init(timeout: .milliseconds(400)))
            }
            #expect(ContinuousClock.now - started < .milliseconds(1500))
            await client.close()
        }
    }

    @Test("a call that expired while queued is never executed")
    func expiredCallsAreNotExecuted() async throws {
        try await withEchoCluster(prefetch: 1) { cluster in
            let client = try await makeClient()
            let blocker = "blocker-\(UUID())"
            let late = "late-\(UUID())"
            async let slow = client.call(
                cluster.method(EchoMethods.increment), incrementRequest(blocker, pauseBefore: 1500), options: .init(timeout: .seconds(10)))
            try await Task.sleep(for: .milliseconds(200))
            try await expectRPCError(.deadlineExceeded) {
                _ = try await client.call(cluster.method(EchoMethods.increment), incrementRequest(late), options: .init(timeout: .milliseconds(300)))
            }
            #expect(try await slow.value == 1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await getCounter(cluster, client, late).executions == 0)
            await client.close()
        }
    }

    @Test("a retried write with the same message id returns the first outcome and runs once")
    func idempotentRetry() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            let counter = "retry-\(UUID())"
            let messageID = UUID().uuidString
            let first = try await client.call(cluster.method(EchoMethods.increment), incrementRequest(counter), options: .init(messageID: messageID))
            let second = try await client.call(cluster.method(EchoMethods.increment), incrementRequest(counter), options: .init(messageID: messageID))
            #expect(first.value == 1)
            #expect(second.value == 1)
            #expect(try await getCounter(cluster, client, counter).executions == 1)
            let reused = try await expectRPCError(.invalidArgument) {
                _ = try await client.call(
                    cluster.method(EchoMethods.increment), incrementRequest("other-\(UUID())"), options: .init(messageID: messageID))
            }
            #expect(reused.reason == "IDEMPOTENCY_KEY_REUSED")
            await client.close()
        }
    }

    @Test("one instance handles many calls concurrently over one client connection")
    func concurrentCalls() async throws {
        try await withEchoCluster { cluster in
            let client = try await makeClient()
            let counter = "concurrent-\(UUID())"
            let started = ContinuousClock.now
            // 32 calls that each hold their handler 300 ms: one at a time that would take ~10 s.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        _ = try await client.call(
                            cluster.method(EchoMethods.increment), incrementRequest(counter, pauseBefore: 300), options: .init(timeout: .seconds(20)))
                    }
                }
                try await group.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            let result = try await getCounter(cluster, client, counter)
            #expect(result.value == 32)
            #expect(result.executions == 32)
            await client.close()
        }
    }

    @Test("calling a service whose queue does not exist fails fast with UNAVAILABLE")
    func missingService() async throws {
        let client = try await makeClient()
        let started = ContinuousClock.now
        try await expectRPCError(.unavailable) {
            _ = try await client.callRaw(service: "nobody-\(UUID())", method: "/x.Y/Z", payload: [], options: .init(timeout: .seconds(5)))
        }
        #expect(ContinuousClock.now - started < .seconds(1))
        await client.close()
    }
}
