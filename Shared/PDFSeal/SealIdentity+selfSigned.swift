import Crypto
public import Foundation
import X509
import _CryptoExtras

extension SealIdentity {
    /// The key a generated identity uses. ECDSA P-256 is the default: `pdfsig` (NSS) and Acrobat verify it, and it
    /// signs in well under a millisecond; RSA is there for relying parties that accept nothing else.
    public enum KeyAlgorithm: Sendable, CaseIterable {
        case ecdsaP256
        case rsa2048
        case rsa3072
    }

    /// A new key and a self-signed certificate `C=CN, O=<organization>, CN=<commonName>` (UTF8String, so Chinese
    /// names work), key usage digitalSignature + nonRepudiation (critical), not a CA, with a random positive
    /// 20-byte serial number.
    public static func selfSigned(
        organization: String,
        commonName: String,
        validity: DateInterval = DateInterval(start: Date(), duration: 10 * 365 * 24 * 3600),
        keyAlgorithm: KeyAlgorithm = .ecdsaP256
    ) throws(PDFSealError) -> SealIdentity {
        do {
            let key: Certificate.PrivateKey
            let algorithm: Certificate.SignatureAlgorithm
            switch keyAlgorithm {
            case .ecdsaP256:
                key = Certificate.PrivateKey(P256.Signing.PrivateKey())
                algorithm = .ecdsaWithSHA256
            case .rsa2048:
                key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
                algorithm = .sha256WithRSAEncryption
            case .rsa3072:
                key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits3072))
                algorithm = .sha256WithRSAEncryption
            }
            let name = try DistinguishedName {
                CountryName("CN")
                OrganizationName(organization)
                CommonName(commonName)
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: randomSerialNumber(),
                publicKey: key.publicKey,
                notValidBefore: validity.start,
                notValidAfter: validity.end,
                issuer: name,
                subject: name,
                signatureAlgorithm: algorithm,
                extensions: try Certificate.Extensions {
                    Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                    Critical(BasicConstraints.notCertificateAuthority)
                    SubjectKeyIdentifier(hash: key.publicKey)
                },
                issuerPrivateKey: key
            )
            return try SealIdentity(certificate: certificate, privateKey: key)
        } catch let error as PDFSealError {
            throw error
        } catch {
            throw .signingFailed("生成自签名证书失败（\(error)）")
        }
    }

    /// 20 random bytes with the top bit cleared (so DER needs no leading zero and the number stays positive within
    /// RFC 5280's 20 octets) and the next bit set (so no leading zero byte is trimmed either).
    static func randomSerialNumber() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = bytes[0] & 0x7F | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }
}
