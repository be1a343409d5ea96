import Foundation
import PDFSeal

/// What the QR code carries besides the public check's address: the certificate's number, check code, issue day,
/// conclusion and instrument serial, signed with the institution's seal key, so that a printed certificate can be
/// checked offline with the institution's certificate (`GET /v1/seal`) — the check page and any verifier app recompute
/// the message from the parameters and verify `s`.
///
/// Message (UTF-8, lines joined by "\n"): `metrology-check-v1`, number, check code, issue day (YYYY-MM-DD), conclusion,
/// instrument serial. Parameters: `n`, `c`, `d`, `r` (conclusion), `i` (serial), `s` (base64url signature, no padding;
/// ECDSA P-256/SHA-256 in DER, or RSA PKCS#1 v1.5/SHA-256, per the seal certificate).
enum CheckToken {
    static let version = "metrology-check-v1"

    static func message(number: String, code: String, day: String, conclusion: String, serial: String) -> Data {
        Data([version, number, code, day, conclusion, serial].joined(separator: "\n").utf8)
    }

    static func parameters(
        number: String, code: String, day: String, conclusion: String, serial: String, identity: SealIdentity
    ) throws -> [URLQueryItem] {
        let signature = try identity.sign(message(number: number, code: code, day: day, conclusion: conclusion, serial: serial))
        return [
            URLQueryItem(name: "n", value: number), URLQueryItem(name: "c", value: code), URLQueryItem(name: "d", value: day),
            URLQueryItem(name: "r", value: conclusion), URLQueryItem(name: "i", value: serial), URLQueryItem(name: "s", value: base64url(signature)),
        ]
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }
}
