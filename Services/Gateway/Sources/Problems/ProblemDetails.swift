import Foundation
import Hummingbird
import Messaging
import RPCCore

/// An RFC 9457 problem document: `code` is the stable reason programs switch on, `title` the Chinese text.
struct ProblemDetails: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var code: String
    var grpcCode: String
    var detail: String?
    var traceId: String?
    /// The error's `details` as the service sent them: which fields are wrong for a 400, facts a client acts on
    /// otherwise (a device waiting for approval carries `deviceId` and `imei`).
    var fields: [String: String]?
    /// The bad cells of a refused ledger import (`RECORDS_LEDGER_IMPORT_INVALID`), which the service sends as a JSON
    /// array in `details["violations"]`: a client lists them without parsing a string inside a string.
    var violations: [LedgerViolation]?

    struct LedgerViolation: Codable, Sendable, Equatable {
        var row: Int
        var column: String
        var reason: String
    }

    init(error: RPCError, traceID: String?) {
        let status = Self.statusByReason[error.reason] ?? Self.httpStatus(for: error.code)
        self.type = "https://metrology.invalid/problems/\(error.reason.lowercased().replacingOccurrences(of: "_", with: "-"))"
        self.title = error.message
        self.status = Int(status.code)
        self.code = error.reason
        self.grpcCode = error.code.name
        self.detail = nil
        self.traceId = traceID
        var fields = error.details
        // Lifted out of `fields` only when it parses; otherwise it stays there as the service sent it.
        if let text = fields["violations"], let list = try? JSONDecoder().decode([LedgerViolation].self, from: Data(text.utf8)) {
            self.violations = list
            fields["violations"] = nil
        }
        self.fields = fields.isEmpty ? nil : fields
    }

    /// Reasons whose HTTP status is not their gRPC code's. A device waiting for an administrator's approval is
    /// FAILED_PRECONDITION like any unmet precondition (400 below), but nothing in the request is wrong and retrying
    /// later may succeed, so the API promises it a status of its own that a mobile app can act on without parsing codes.
    /// An upload over the gateway's limit is INVALID_ARGUMENT to the RPC world but 413 to HTTP clients, which know it.
    static let statusByReason: [String: HTTPResponse.Status] = [
        "DEVICE_PENDING_AUTHORIZATION": .preconditionFailed, "UPLOAD_TOO_LARGE": .contentTooLarge,
        // The generated API's transport and error mapping report these as RPC errors (Hummingbird's own as HTTP errors).
        "PAYLOAD_TOO_LARGE": .contentTooLarge, "UNSUPPORTED_MEDIA_TYPE": .unsupportedMediaType,
    ]

    /// gRPC code to HTTP status, after google.rpc.Code's documented mapping.
    static func httpStatus(for code: RPCCode) -> HTTPResponse.Status {
        switch code {
        case .ok: .ok
        case .invalidArgument, .failedPrecondition: .badRequest
        case .unauthenticated: .unauthorized
        case .permissionDenied: .forbidden
        case .notFound: .notFound
        case .alreadyExists, .aborted: .conflict
        case .resourceExhausted: .tooManyRequests
        case .cancelled: .init(code: 499, reasonPhrase: "Client Closed Request")
        case .unimplemented: .notImplemented
        case .unavailable: .serviceUnavailable
        case .deadlineExceeded: .gatewayTimeout
        default: .internalServerError
        }
    }

    /// `headers` are added to the content type (and, for a 401, the challenge).
    func response(headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if status == 401 { headers[.wwwAuthenticate] = Self.bearerChallenge(code: code) }
        // UNAVAILABLE (a service, its database or the broker is away for a moment) is safe to retry: say when.
        if status == 503, extra[.retryAfter] == nil { headers[.retryAfter] = "\(Self.unavailableRetryAfterSeconds)" }
        headers.append(contentsOf: extra)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: encoded())))
    }

    /// A restart of PostgreSQL or the broker takes a few seconds; a client retrying sooner would only be refused again.
    static let unavailableRetryAfterSeconds = 2

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Every 401 names the scheme that would succeed (RFC 9110 §11.6.1 requires the challenge). A token that was sent
    /// but refused (expired, revoked, forged, another device's) adds `error="invalid_token"` (RFC 6750 §3.1), so a
    /// client knows to refresh or sign in again; a missing token, or a wrong password at login, names only the realm.
    static func bearerChallenge(code: String) -> String {
        let realm = #"Bearer realm="metrology""#
        guard code.hasPrefix("TOKEN_"), code != "TOKEN_MISSING" else { return realm }
        return realm + #", error="invalid_token""#
    }
}
