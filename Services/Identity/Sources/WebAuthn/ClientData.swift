import Auth
import Foundation

/// The client data a browser hashes into every WebAuthn response (§5.8.1). Checked field by field against what this
/// ceremony expects; `tokenBinding` and unknown members are ignored, as the specification asks.
struct ClientData: Decodable, Sendable {
    var type: String
    var challenge: String
    var origin: String
    var crossOrigin: Bool?

    /// Larger than any browser's client data by far; a bigger one is refused before it is parsed.
    static let maxLength = 4_096

    static func check(_ json: Data, type expected: String, challenge: Data, origins: Set<String>) throws {
        guard json.count <= maxLength, let client = try? JSONDecoder().decode(ClientData.self, from: json) else {
            throw WebAuthnRefusal.clientDataInvalid
        }
        guard client.type == expected else { throw WebAuthnRefusal.typeInvalid(expected: expected) }
        // The challenge arrives base64url without padding; compared as bytes, so padding or alphabet cannot matter.
        guard let echoed = Base64URL.decode(client.challenge), echoed == challenge else { throw WebAuthnRefusal.challengeMismatch }
        guard origins.contains(client.origin) else { throw WebAuthnRefusal.originNotAllowed(client.origin) }
        guard client.crossOrigin != true else { throw WebAuthnRefusal.crossOrigin }
    }
}
