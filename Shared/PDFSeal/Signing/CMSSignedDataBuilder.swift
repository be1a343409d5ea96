import Crypto
import Foundation
import SwiftASN1
import X509

/// A detached CMS SignedData (RFC 5652) over a PDF's byte ranges, as PAdES wants it (ETSI EN 319 142-1 §6.3):
/// signed attributes content-type, message-digest and ESS signing-certificate-v2 (RFC 5035), plus signing-time for
/// the PKCS#7 sub-filter only; the certificate chain included, leaf first.
enum CMSSignedDataBuilder {
    static func signedData(digest: [UInt8], identity: SealIdentity, signingTime: Date, subFilter: SealSubFilter) throws(PDFSealError) -> [UInt8] {
        do {
            let leaf = identity.certificate
            let leafDER = try derBytes(of: leaf)
            let issuerDER = try derBytes(of: leaf.issuer)
            let serial = DEREncoding.integer(bigEndian: Array(leaf.serialNumber.bytes))
            let digestAlgorithm = DEREncoding.sequence([DEREncoding.objectIdentifier(SealOID.sha256)])

            var attributes = [
                attribute(SealOID.contentType, DEREncoding.objectIdentifier(SealOID.data)),
                attribute(SealOID.messageDigest, DEREncoding.octetString(digest)),
                attribute(SealOID.signingCertificateV2, signingCertificateV2(leafDER: leafDER, issuerDER: issuerDER, serial: serial)),
            ]
            if subFilter == .pkcs7 { attributes.append(attribute(SealOID.signingTime, DEREncoding.time(signingTime))) }

            // The signature covers the attributes encoded as a SET OF (RFC 5652 §5.4), not as the [0] they travel in.
            let signedAttributes = DEREncoding.set(attributes)
            let (algorithm, algorithmIdentifier) = try signatureAlgorithm(for: identity.privateKey)
            let signature = try identity.privateKey.sign(bytes: signedAttributes, signatureAlgorithm: algorithm).rawRepresentation

            let signerInfo = DEREncoding.sequence([
                DEREncoding.integer(1),
                DEREncoding.sequence([issuerDER, serial]),
                digestAlgorithm,
                DEREncoding.set(attributes, tag: 0xA0),
                algorithmIdentifier,
                DEREncoding.octetString(signature),
            ])
            // Leaf first, as signers conventionally send them; CMS readers take the set in any order (RFC 5652 §5.1).
            var certificates = leafDER
            for intermediate in identity.intermediates { certificates += try derBytes(of: intermediate) }
            let signedData = DEREncoding.sequence([
                DEREncoding.integer(1),
                DEREncoding.set([digestAlgorithm]),
                DEREncoding.sequence([DEREncoding.objectIdentifier(SealOID.data)]),
                DEREncoding.contextConstructed(0, certificates),
                DEREncoding.set([signerInfo]),
            ])
            return DEREncoding.sequence([DEREncoding.objectIdentifier(SealOID.signedData), DEREncoding.contextConstructed(0, signedData)])
        } catch let error as PDFSealError {
            throw error
        } catch {
            throw .signingFailed(String(describing: error))
        }
    }

    /// ECDSA keys sign with ECDSA-SHA256, RSA keys with PKCS#1 v1.5 SHA-256: the pairs every PDF reader verifies.
    static func signatureAlgorithm(for key: Certificate.PrivateKey) throws(PDFSealError) -> (Certificate.SignatureAlgorithm, [UInt8]) {
        let supported = key.supportedSignatureAlgorithms
        if supported.contains(.ecdsaWithSHA256) {
            return (.ecdsaWithSHA256, DEREncoding.sequence([DEREncoding.objectIdentifier(SealOID.ecdsaWithSHA256)]))
        }
        if supported.contains(.sha256WithRSAEncryption) {
            return (
                .sha256WithRSAEncryption, DEREncoding.sequence([DEREncoding.objectIdentifier(SealOID.sha256WithRSAEncryption), DEREncoding.null])
            )
        }
        throw .unsupportedKey(String(describing: key))
    }

    private static func attribute(_ type: [UInt64], _ value: [UInt8]) -> [UInt8] {
        DEREncoding.sequence([DEREncoding.objectIdentifier(type), DEREncoding.set([value])])
    }

    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with one ESSCertIDv2 whose hash algorithm
    /// is the default SHA-256 (so omitted, as DER requires) and whose issuerSerial names the leaf's issuer as a
    /// directoryName ([4], explicit because Name is a CHOICE).
    private static func signingCertificateV2(leafDER: [UInt8], issuerDER: [UInt8], serial: [UInt8]) -> [UInt8] {
        let certificateHash = Array(SHA256.hash(data: leafDER))
        let issuerSerial = DEREncoding.sequence([DEREncoding.sequence([DEREncoding.contextConstructed(4, issuerDER)]), serial])
        let essCertID = DEREncoding.sequence([DEREncoding.octetString(certificateHash), issuerSerial])
        return DEREncoding.sequence([DEREncoding.sequence([essCertID])])
    }

    static func derBytes(of value: some DERSerializable) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        return serializer.serializedBytes
    }
}
