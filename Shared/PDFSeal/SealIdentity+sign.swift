public import Foundation
import X509

extension SealIdentity {
    /// Signs `message` with the seal's key in the certificate's own algorithm (ECDSA P-256 with SHA-256, or RSA
    /// PKCS#1 v1.5 with SHA-256): what the certificates service puts into a certificate's QR code, so that anyone
    /// holding the institution's certificate can check a printed certificate without a network. The signature is
    /// the algorithm's usual encoding (DER for ECDSA).
    public func sign(_ message: Data) throws(PDFSealError) -> Data {
        do {
            let (algorithm, _) = try CMSSignedDataBuilder.signatureAlgorithm(for: privateKey)
            return Data(try privateKey.sign(bytes: message, signatureAlgorithm: algorithm).rawRepresentation)
        } catch let error as PDFSealError {
            throw error
        } catch {
            throw PDFSealError(code: "PDF_SEAL_SIGNING_FAILED", message: "印章签名失败：\(error)")
        }
    }

    /// Whether `signature` is this seal's signature of `message` (`sign(_:)`).
    public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        guard let (algorithm, _) = try? CMSSignedDataBuilder.signatureAlgorithm(for: privateKey) else { return false }
        return certificate.publicKey.isValidSignature(signature, for: message, signatureAlgorithm: algorithm)
    }
}
