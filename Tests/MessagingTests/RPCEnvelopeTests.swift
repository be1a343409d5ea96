import Contracts
import Foundation
import RPCCore
import SwiftProtobuf
import Testing

@testable import Messaging

/// The hand-written envelopes (RPCEnvelope.swift) against the generated `RpcRequest` and `RpcReply`: the same bytes
/// out, the same meaning in, and the same refusals.
@Suite struct RPCEnvelopeTests {
    static let trace = TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")!

    static let requests: [RequestEnvelope] = [
        RequestEnvelope(
            payload: Array("hello".utf8), deadlineUnixMs: 1_790_000_000_123, trace: trace, authorization: "Bearer abc", deviceID: "PDA-7"),
        RequestEnvelope(payload: [], deadlineUnixMs: 0, trace: nil, authorization: nil, deviceID: nil),
        RequestEnvelope(
            payload: [UInt8](repeating: 0xAB, count: 300_000), deadlineUnixMs: -5, trace: trace, authorization: "Bearer 令牌", deviceID: nil),
        RequestEnvelope(payload: [0], deadlineUnixMs: Int64.max, trace: .random(), authorization: nil, deviceID: "设备"),
    ]

    static func generated(_ envelope: RequestEnvelope) -> Metrology_Common_V1_RpcRequest {
        var message = Metrology_Common_V1_RpcRequest()
        message.payload = Data(envelope.payload)
        message.deadlineUnixMs = envelope.deadlineUnixMs
        message.traceparent = envelope.trace?.traceparent ?? ""
        message.authorization = envelope.authorization ?? ""
        message.deviceID = envelope.deviceID ?? ""
        return message
    }

    static func expectSame(_ read: RequestEnvelope, _ written: RequestEnvelope) {
        #expect(read.payload == written.payload)
        #expect(read.deadlineUnixMs == written.deadlineUnixMs)
        #expect(read.trace == written.trace)
        #expect(read.authorization == written.authorization)
        #expect(read.deviceID == written.deviceID)
    }

    @Test("a request is written byte for byte as the generated type writes it", arguments: requests.indices)
    func requestBytesMatchGenerated(_ index: Int) throws {
        let envelope = Self.requests[index]
        let ours = envelope.encoded()
        #expect(ours == (try Self.generated(envelope).serializedBytes() as [UInt8]))
        Self.expectSame(try RequestEnvelope(decoding: ours), envelope)
    }

    @Test func requestFieldsInAnotherOrderWithUnknownFieldsAreRead() throws {
        // A newer client might add fields, and protobuf allows any order; the last of a repeated scalar wins.
        var bytes: [UInt8] = []
        bytes += [0x20 | 2, 10] + Array("Bearer old".utf8)  // authorization, replaced below
        bytes += [0x78, 0x01]  // field 15, varint: unknown
        bytes += [0x7D, 1, 2, 3, 4]  // field 15, fixed32: unknown
        bytes += [0x0A, 3, 1, 2, 3]  // payload
        bytes += [0x22, 10] + Array("Bearer new".utf8)
        bytes += [0x10, 0x2A]  // deadline 42
        let envelope = try RequestEnvelope(decoding: bytes)
        #expect(envelope.payload == [1, 2, 3])
        #expect(envelope.deadlineUnixMs == 42)
        #expect(envelope.authorization == "Bearer new")
        #expect(envelope.trace == nil)
        let generated = try Metrology_Common_V1_RpcRequest(serializedBytes: bytes)
        #expect(generated.authorization == "Bearer new" && generated.deadlineUnixMs == 42)
    }

    @Test func aMalformedTraceparentMeansNoTraceNotAMalformedRequest() throws {
        var message = Metrology_Common_V1_RpcRequest()
        message.payload = Data([7])
        message.traceparent = "00-not-a-trace-01"
        let envelope = try RequestEnvelope(decoding: try message.serializedBytes())
        #expect(envelope.trace == nil)
        #expect(envelope.payload == [7])
    }

    @Test(
        "bodies protobuf refuses are refused",
        arguments: [
            [0x0A, 5, 1, 2],  // payload longer than the body
            [0x10],  // deadline without its varint
            [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // a varint of 11 bytes
            [0x22, 2, 0xC3, 0x28],  // authorization that is not UTF-8
            [0x1A, 2, 0xFF, 0xFE],  // traceparent that is not UTF-8
            [0x00, 0x01],  // field number 0
        ] as [[UInt8]])
    func malformedRequestsAreRefused(_ bytes: [UInt8]) {
        #expect(throws: (any Error).self) { try RequestEnvelope(decoding: bytes) }
        #expect(throws: (any Error).self) { try Metrology_Common_V1_RpcRequest(serializedBytes: bytes) }
    }

    @Test func okReplyMatchesGeneratedAndReadsBackWithoutCopy() throws {
        for payload in [[], Array("响应".utf8), [UInt8](repeating: 1, count: 70_000)] as [[UInt8]] {
            var generated = Metrology_Common_V1_RpcReply()
            generated.status.code = RPCCode.ok.rawValue
            generated.payload = Data(payload)
            let ours = ReplyEnvelope.encodeOK(payload: payload)
            #expect(ours == (try generated.serializedBytes() as [UInt8]))
            let read = try ReplyEnvelope(decoding: ours)
            #expect(read.payloadBytes == payload)
            #expect(read.body.count == ours.count)  // the payload is a range of the body, not a copy
        }
    }

    @Test func replyPayloadDecodesAsTheResponse() throws {
        var response = Metrology_Testing_V1_EchoResponse()
        response.payload = Data("回声".utf8)
        let read = try ReplyEnvelope(decoding: ReplyEnvelope.encodeOK(payload: try response.serializedBytes()))
        #expect(try read.decode(Metrology_Testing_V1_EchoResponse.self) == response)
    }

    @Test func failedReplyThrowsItsStatus() throws {
        let status = RPCError.notFound("记录不存在", reason: "RECORD_NOT_FOUND").status
        #expect(ReplyEnvelope.encode(status: status).isEmpty == false)
        do {
            _ = try ReplyEnvelope(decoding: ReplyEnvelope.encode(status: status))
            Issue.record("a failed status was read as OK")
        } catch let error as RPCError {
            #expect(error.code == .notFound)
            #expect(error.status.reason == "RECORD_NOT_FOUND")
            #expect(error.message == "记录不存在")
        }
    }

    @Test func replyWithTheStatusSplitInTwoIsMergedAsProtobufDoes() throws {
        // Two status fields merge; the second sets the code. The hand reader leaves this to the generated decoder.
        var first = Metrology_Common_V1_Status()
        first.message = "前半"
        var second = Metrology_Common_V1_Status()
        second.code = RPCCode.permissionDenied.rawValue
        let firstBytes: [UInt8] = try first.serializedBytes()
        let secondBytes: [UInt8] = try second.serializedBytes()
        let body: [UInt8] = [0x0A, UInt8(firstBytes.count)] + firstBytes + [0x0A, UInt8(secondBytes.count)] + secondBytes
        #expect(throws: RPCError.self) { try ReplyEnvelope(decoding: body) }
        do { _ = try ReplyEnvelope(decoding: body) } catch let error as RPCError {
            #expect(error.code == .permissionDenied)
            #expect(error.message == "前半")
        }
    }

    @Test(
        "replies protobuf refuses are MALFORMED_REPLY",
        arguments: [
            [0x12, 9, 1],  // payload longer than the body
            [0x0A, 3, 0x08],  // status longer than the body
            [0x0A, 2, 0x08],  // a status whose code has no value
        ] as [[UInt8]])
    func malformedRepliesAreInternal(_ bytes: [UInt8]) {
        do {
            _ = try ReplyEnvelope(decoding: bytes)
            Issue.record("accepted a malformed reply")
        } catch let error as RPCError {
            #expect(error.code == .internal)
            #expect(error.status.reason == "MALFORMED_REPLY")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
