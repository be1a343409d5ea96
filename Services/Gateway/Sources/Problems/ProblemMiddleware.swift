import Foundation
import Hummingbird
import Logging
import Messaging
import OpenAPIRuntime
import RPCCore

/// Turns every error a route throws into `application/problem+json`; internals never reach the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let traceID = context.logger[metadataKey: "trace_id"].map { "\($0)" }
        do {
            return try await next(request, context)
        } catch let error as RPCError {
            return ProblemDetails(error: error, traceID: traceID).response()
        } catch let error as ServerError {
            // The generated API layer wraps whatever a handler or its input decoding threw (see APIErrors).
            return ProblemDetails(error: APIErrors.rpcError(error), traceID: traceID).response()
        } catch let error as DecodingError {
            return ProblemDetails(error: .invalidArgument("请求内容不是有效的 JSON 或缺少必填字段：\(Self.describe(error))", reason: "INVALID_JSON"), traceID: traceID)
                .response()
        } catch let error as any HTTPResponseError {
            // HTTPError from Hummingbird, and NIO's NIOTooManyBytesError when a body exceeds `collect(upTo:)`'s limit
            // (413 rather than a 500 "internal error" for a body that is simply too big).
            let rpc: RPCError =
                switch error.status {
                case .notFound: .notFound("接口不存在", reason: "ROUTE_NOT_FOUND")
                case .methodNotAllowed: .init(code: .unimplemented, message: "不支持该请求方法", reason: "METHOD_NOT_ALLOWED")
                case .contentTooLarge: .invalidArgument("请求内容过大", reason: "PAYLOAD_TOO_LARGE")
                case .badRequest: .invalidArgument("请求内容无效", reason: "BAD_REQUEST")
                case .unsupportedMediaType: .invalidArgument("请求内容类型必须是 application/json", reason: "UNSUPPORTED_MEDIA_TYPE")
                default: .init(code: .internal, message: "请求无法处理", reason: "HTTP_\(error.status.code)")
                }
            var problem = ProblemDetails(error: rpc, traceID: traceID)
            problem.status = Int(error.status.code)
            return problem.response()
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return ProblemDetails(error: .internal, traceID: traceID).response()
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): key.stringValue
        case .typeMismatch(_, let context), .valueNotFound(_, let context): context.codingPath.map(\.stringValue).joined(separator: ".")
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "JSON 格式错误" : context.codingPath.map(\.stringValue).joined(separator: ".")
        @unknown default: "未知字段"
        }
    }
}
