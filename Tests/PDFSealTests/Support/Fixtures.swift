import Foundation
import PDFSeal

/// The committed LibreOffice PDF/A-2b (see Fixtures/README.md) and one seal identity shared by the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func certificatePDF() throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("certificate-pdfa2b.pdf"))
    }

    /// The same document with a cross-reference stream and object streams (qpdf, see Fixtures/README.md).
    static func xrefStreamPDF() throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("certificate-xrefstream.pdf"))
    }

    static let organization = "某某市计量检定测试所"
    static let commonName = "某某市计量检定测试所 电子签章"

    static func identity(_ key: SealIdentity.KeyAlgorithm = .ecdsaP256) throws -> SealIdentity {
        try SealIdentity.selfSigned(organization: organization, commonName: commonName, keyAlgorithm: key)
    }

    static let signingTime = Date(timeIntervalSince1970: 1_796_000_000)

    static func seal(_ pdf: Data, identity: SealIdentity, subFilter: SealSubFilter = .cades) throws -> Data {
        try PDFSealer.seal(pdf, identity: identity, reason: "检定证书电子签章", location: "中国 杭州", signingTime: signingTime, subFilter: subFilter)
    }
}
