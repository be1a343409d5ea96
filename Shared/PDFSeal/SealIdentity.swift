public import X509

/// Who seals: the institution's certificate (with any intermediates up to, not including, the root) and its private
/// key. Built from PEM an operator imports, or generated self-signed for a lab without a CA-issued certificate.
public struct SealIdentity: Sendable {
    public let certificate: Certificate
    /// Intermediate certificates, leaf's issuer first; they travel in the CMS so a reader can build the chain.
    public let intermediates: [Certificate]
    let privateKey: Certificate.PrivateKey

    /// Throws `PDF_SEAL_KEY_MISMATCH` when the key is not the certificate's, `PDF_SEAL_UNSUPPORTED_KEY` for keys a
    /// PDF reader would not verify (only ECDSA and RSA with SHA-256 are used).
    public init(certificate: Certificate, intermediates: [Certificate] = [], privateKey: Certificate.PrivateKey) throws(PDFSealError) {
        guard privateKey.publicKey == certificate.publicKey else { throw .keyMismatch }
        _ = try CMSSignedDataBuilder.signatureAlgorithm(for: privateKey)
        self.certificate = certificate
        self.intermediates = intermediates
        self.privateKey = privateKey
    }
}
