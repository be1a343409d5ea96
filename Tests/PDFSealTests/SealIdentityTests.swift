import Foundation
import PDFSeal
import Testing
import X509

@Suite struct SealIdentityTests {
    @Test("a self-signed identity: Chinese O and CN as UTF8String, C=CN, signing key usages, positive 20-byte serial")
    func selfSigned() throws {
        let identity = try Fixtures.identity()
        let certificate = identity.certificate
        #expect(certificate.subject == certificate.issuer)
        let der = try [UInt8](
            Data(base64Encoded: identity.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()) ?? Data())
        let organization = Array(Fixtures.organization.utf8)
        // UTF8String (tag 12) of the organization's bytes.
        #expect(der.firstRange(of: [0x0C, UInt8(organization.count)] + organization) != nil)
        #expect(der.firstRange(of: [0x13, 0x02] + Array("CN".utf8)) != nil, "C=CN as PrintableString")
        let serial = Array(certificate.serialNumber.bytes)
        #expect(serial.count == 20)
        #expect((0x40...0x7F).contains(serial[0]), "positive, and no leading zero byte to trim or add")
        let usage = try #require(try certificate.extensions.keyUsage)
        #expect(usage.digitalSignature && usage.nonRepudiation && !usage.keyCertSign)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
    }

    @Test("two generated identities have different serial numbers and keys")
    func distinct() throws {
        let first = try Fixtures.identity()
        let second = try Fixtures.identity()
        #expect(first.certificate.serialNumber != second.certificate.serialNumber)
        #expect(first.certificate.publicKey != second.certificate.publicKey)
    }

    @Test("PEM export and import give back the same certificate and key", arguments: SealIdentity.KeyAlgorithm.allCases)
    func pemRoundTrip(key: SealIdentity.KeyAlgorithm) throws {
        let identity = try Fixtures.identity(key)
        let certificatePEM = try identity.certificatePEM
        let privateKeyPEM = try identity.privateKeyPEM
        #expect(certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(privateKeyPEM.contains("PRIVATE KEY-----"))
        let imported = try SealIdentity(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
        #expect(imported.certificate == identity.certificate)
        #expect(try imported.privateKeyPEM == privateKeyPEM)
        #expect(imported.intermediates.isEmpty)
    }

    @Test("a chain in the certificate PEM: the first is the leaf, the rest intermediates")
    func chain() throws {
        let leaf = try Fixtures.identity()
        let other = try Fixtures.identity()
        let imported = try SealIdentity(certificatePEM: try leaf.certificatePEM + other.certificatePEM, privateKeyPEM: try leaf.privateKeyPEM)
        #expect(imported.certificate == leaf.certificate)
        #expect(imported.intermediates == [other.certificate])
    }

    @Test("a key that is not the certificate's is PDF_SEAL_KEY_MISMATCH")
    func keyMismatch() throws {
        let first = try Fixtures.identity()
        let second = try Fixtures.identity()
        let error = #expect(throws: PDFSealError.self) {
            try SealIdentity(certificatePEM: try first.certificatePEM, privateKeyPEM: try second.privateKeyPEM)
        }
        #expect(error?.code == "PDF_SEAL_KEY_MISMATCH")
    }

    @Test("unreadable PEM is PDF_SEAL_IDENTITY_INVALID", arguments: [("garbage", true), ("", true), ("cert", false)])
    func invalidPEM(text: String, breakCertificate: Bool) throws {
        let identity = try Fixtures.identity()
        let error = #expect(throws: PDFSealError.self) {
            if breakCertificate {
                try SealIdentity(certificatePEM: text, privateKeyPEM: try identity.privateKeyPEM)
            } else {
                try SealIdentity(
                    certificatePEM: try identity.certificatePEM, privateKeyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            }
        }
        #expect(error?.code == "PDF_SEAL_IDENTITY_INVALID")
        #expect(error?.message.contains("PEM") == true)
    }
}
