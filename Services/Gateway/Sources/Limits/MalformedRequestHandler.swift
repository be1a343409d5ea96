import Foundation
import HTTPTypes
import HummingbirdCore
import Messaging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import RPCCore

/// Answers a request the HTTP parser refuses — control characters in a header, a request line and headers over the
/// parser's limits, a field HTTP types cannot represent — with a problem document instead of the empty 400 (or, for a
/// field the HTTP types refuse, no answer at all) that Hummingbird gives, then closes the connection as HTTP/1.1 must
/// after a framing error (RFC 9112 §2.2). It sits in the channel pipeline after the HTTP codec, because these requests
/// never reach a route or middleware. A parse error in the middle of a request the application is already answering
/// is passed on unchanged: a second response there would corrupt the first.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The parser's limit for the request line and the headers together (Hummingbird's default, kept here so the
    /// document and the answer can name it).
    static let maxRequestHeadBytes = 80 * 1024

    private var requestsStarted = 0
    private var responsesFinished = 0
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After a refusal the connection is closing; body parts of the refused request must not reach the application.
        guard !refused else { return }
        if case .head = unwrapInboundIn(data) { requestsStarted += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { responsesFinished += 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !refused, requestsStarted == responsesFinished, let problem = Self.problem(for: error) else {
            context.fireErrorCaught(error)
            return
        }
        refused = true
        let response = problem.response()
        var head = HTTPResponse(status: response.status, headerFields: response.headers)
        head.headerFields[.connection] = "close"
        let body = ByteBuffer(bytes: problem.encoded())
        head.headerFields[.contentLength] = "\(body.readableBytes)"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// The problem for an error of the HTTP layer, or nil for any other (an I/O error has nobody to answer).
    static func problem(for error: any Error) -> ProblemDetails? {
        let rpc: RPCError
        switch error {
        case HTTPParserError.headerOverflow:
            rpc = .invalidArgument(
                "请求行和请求头过长（合计不能超过 \(maxRequestHeadBytes / 1024) KiB），请缩短查询条件", reason: "REQUEST_HEAD_TOO_LARGE",
                details: ["maxRequestHeadBytes": "\(maxRequestHeadBytes)"])
        case is HTTPParserError, is HTTP1TypeConversionError:
            rpc = .invalidArgument("请求格式无效：请求行或请求头含有不允许的字符或格式错误", reason: "HTTP_REQUEST_MALFORMED")
        default:
            return nil
        }
        return ProblemDetails(error: rpc, traceID: nil)
    }
}
