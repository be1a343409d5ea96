import SwiftASN1
import X509

extension SealIdentity {
    /// `certificatePEM` holds the leaf certificate first, then any intermediates; `privateKeyPEM` a PKCS#8
    /// (`PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`) key. Errors: `PDF_SEAL_IDENTITY_INVALID`,
    /// `PDF_SEAL_KEY_MISMATCH`, `PDF_SEAL_UNSUPPORTED_KEY`.
    public init(certificatePEM: String, privateKeyPEM: String) throws(PDFSealError) {
        let certificates: [Certificate]
        do {
            certificates = try PEMDocument.parseMultiple(pemString: certificatePEM).filter { $0.discriminator == "CERTIFICATE" }.map {
                try Certificate(derEncoded: $0.derBytes)
            }
        } catch {
            throw .identityInvalid("证书 PEM 无法解析（\(error)）")
        }
        guard let leaf = certificates.first else { throw .identityInvalid("证书 PEM 中没有 CERTIFICATE 块") }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw .identityInvalid("私钥 PEM 无法解析（\(error)）")
        }
        try self.init(certificate: leaf, intermediates: Array(certificates.dropFirst()), privateKey: key)
    }

    /// The leaf certificate then the intermediates, PEM-encoded.
    public var certificatePEM: String {
        get throws {
            try ([certificate] + intermediates).map { try $0.serializeAsPEM().pemString }.joined(separator: "\n") + "\n"
        }
    }

    /// The private key, PEM-encoded (PKCS#8 for ECDSA, PKCS#1 for RSA). Store it as a secret.
    public var privateKeyPEM: String {
        get throws { try privateKey.serializeAsPEM().pemString + "\n" }
    }
}
