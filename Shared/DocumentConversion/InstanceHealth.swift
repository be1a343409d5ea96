public import Foundation

/// One converter instance as `GET /health` and the pool see it.
public struct InstanceHealth: Sendable, Hashable {
    public let url: URL
    /// LibreOffice is connected and the instance takes documents.
    public let ready: Bool
    /// The pool has a document on it right now.
    public let inUse: Bool
    /// Documents converted and LibreOffice restarts since the converter started; nil when it did not answer.
    public let conversions: Int?
    public let restarts: Int?
    /// Why it is not ready (no answer, or its status).
    public let problem: String?
}

/// The converter's /health body.
struct HealthBody: Decodable {
    let status: String
    let conversions: Int
    let restarts: Int
}

/// The converter's error body.
struct ErrorBody: Decodable {
    let code: String
    let message: String?
    let detail: String?
}
