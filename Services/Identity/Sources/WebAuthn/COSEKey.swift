import Crypto
import Foundation

/// A credential public key in COSE form (RFC 9053): only ES256 on P-256 is accepted (kty 2 EC2, alg -7, crv 1), the
/// one algorithm the registration options offer. Answers the key as a CryptoKit key and its X9.63 bytes, as stored.
enum COSEKey {
    static func p256(_ key: CBOR) throws -> P256.Signing.PublicKey {
        guard key[1]?.int == 2, key[3]?.int == -7, key[-1]?.int == 1, case .bytes(let x)? = key[-2], case .bytes(let y)? = key[-3],
            x.count == 32, y.count == 32
        else { throw WebAuthnRefusal.keyUnsupported }
        do {
            return try P256.Signing.PublicKey(x963Representation: Data([0x04]) + x + y)
        } catch {
            // Coordinates that are not a point on the curve.
            throw WebAuthnRefusal.keyUnsupported
        }
    }
}
