import Foundation

/// The handful of DER encoders the CMS needs (ITU-T X.690). swift-certificates keeps its CMS types internal and its
/// public `CMS.sign` cannot add the ESS signing-certificate-v2 attribute PAdES requires, so the SignedData is
/// assembled here from bytes; the certificate and names come DER-encoded from X509 itself.
enum DEREncoding {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out = [tag]
        let count = content.count
        if count < 0x80 {
            out.append(UInt8(count))
        } else {
            var length: [UInt8] = []
            var remaining = count
            while remaining > 0 {
                length.insert(UInt8(remaining & 0xFF), at: 0)
                remaining >>= 8
            }
            out.append(0x80 | UInt8(length.count))
            out += length
        }
        return out + content
    }

    static func sequence(_ parts: [[UInt8]]) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }

    /// A SET OF in DER order: elements sorted by their encodings (X.690 §11.6).
    static func set(_ parts: [[UInt8]], tag: UInt8 = 0x31) -> [UInt8] {
        tlv(tag, parts.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 })
    }

    static func contextConstructed(_ number: UInt8, _ content: [UInt8]) -> [UInt8] { tlv(0xA0 | number, content) }

    static func octetString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }

    static let null: [UInt8] = [0x05, 0x00]

    /// An INTEGER from big-endian bytes already in minimal two's-complement form (as `Certificate.SerialNumber` keeps them).
    static func integer(bigEndian bytes: [UInt8]) -> [UInt8] { tlv(0x02, bytes.isEmpty ? [0] : bytes) }

    static func integer(_ value: UInt8) -> [UInt8] { tlv(0x02, value < 0x80 ? [value] : [0, value]) }

    static func objectIdentifier(_ arcs: [UInt64]) -> [UInt8] {
        guard arcs.count >= 2 else { return tlv(0x06, []) }
        var content: [UInt8] = []
        for arc in [arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var remaining = arc >> 7
            while remaining > 0 {
                chunk.insert(UInt8(remaining & 0x7F) | 0x80, at: 0)
                remaining >>= 7
            }
            content += chunk
        }
        return tlv(0x06, content)
    }

    /// UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3).
    static func time(_ date: Date) -> [UInt8] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = parts.year ?? 1970
        let rest = [parts.month, parts.day, parts.hour, parts.minute, parts.second].map { String(format: "%02d", $0 ?? 0) }.joined()
        if (1950...2049).contains(year) {
            return tlv(0x17, Array((String(format: "%02d", year % 100) + rest + "Z").utf8))
        }
        return tlv(0x18, Array((String(format: "%04d", year) + rest + "Z").utf8))
    }
}

/// Object identifiers used by the seal.
enum SealOID {
    static let data: [UInt64] = [1, 2, 840, 113549, 1, 7, 1]
    static let signedData: [UInt64] = [1, 2, 840, 113549, 1, 7, 2]
    static let contentType: [UInt64] = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigest: [UInt64] = [1, 2, 840, 113549, 1, 9, 4]
    static let signingTime: [UInt64] = [1, 2, 840, 113549, 1, 9, 5]
    static let signingCertificateV2: [UInt64] = [1, 2, 840, 113549, 1, 9, 16, 2, 47]
    static let sha256: [UInt64] = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let ecdsaWithSHA256: [UInt64] = [1, 2, 840, 10045, 4, 3, 2]
    static let sha256WithRSAEncryption: [UInt64] = [1, 2, 840, 113549, 1, 1, 11]
}
