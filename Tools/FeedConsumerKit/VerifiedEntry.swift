public import Foundation

/// An entry whose signature, algorithm, key and payload were checked: what the state store appends.
public struct VerifiedEntry: Sendable, Equatable {
    public let sequence: Int64
    public let type: String
    public let jws: String
    /// The signed payload, byte for byte as it was signed (the JWS's second part, decoded).
    public let payload: Data
}
