import Auth
import Crypto
import Foundation

@testable import IdentityService

/// A platform authenticator in software, as the tests need one: a P-256 key, authenticator data with chosen flags,
/// client data JSON as a browser writes it, and a CBOR attestation object (`none` or `packed` self attestation).
/// Every field a test may spoil is a property.
struct SoftwareAuthenticator {
    var key = P256.Signing.PrivateKey()
    var credentialID = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
    var rpID = "localhost"
    var origin = "http://localhost:8080"
    var userPresent = true
    var userVerified = true
    var signCount: UInt32 = 0
    /// COSE algorithm and curve the attested key claims.
    var alg = -7
    var crv = 1

    static let verifier = WebAuthnVerifier(rpID: "localhost", origins: ["http://localhost:8080"])

    func clientData(type: String, challenge: Data, origin: String? = nil) -> Data {
        let json = #"{"type":"\#(type)","challenge":"\#(Base64URL.encode(challenge))","origin":"\#(origin ?? self.origin)","crossOrigin":false}"#
        return Data(json.utf8)
    }

    var coseKey: CBOR {
        let point = key.publicKey.x963Representation
        return .map([
            (.unsigned(1), .unsigned(2)), (Self.int(3), Self.int(alg)), (Self.int(-1), Self.int(crv)),
            (Self.int(-2), .bytes(point[1..<33])), (Self.int(-3), .bytes(point[33..<65])),
        ])
    }

    static func int(_ value: Int) -> CBOR { value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value)) }

    func authenticatorData(attested: Bool) -> Data {
        var flags: UInt8 = 0
        if userPresent { flags |= 0x01 }
        if userVerified { flags |= 0x04 }
        if attested { flags |= 0x40 }
        var data = Data(SHA256.hash(data: Data(rpID.utf8)))
        data.append(flags)
        data.append(contentsOf: withUnsafeBytes(of: signCount.bigEndian) { Array($0) })
        if attested {
            data.append(Data(repeating: 0, count: 16))
            data.append(contentsOf: [UInt8(credentialID.count >> 8), UInt8(credentialID.count & 0xFF)])
            data.append(credentialID)
            data.append(TestCBOR.encode(coseKey))
        }
        return data
    }

    /// What `navigator.credentials.create` answers.
    func registration(
        challenge: Data, format: String = "none", statement: [(CBOR, CBOR)]? = nil
    ) throws -> (
        clientDataJSON: Data, attestationObject: Data
    ) {
        let clientDataJSON = clientData(type: "webauthn.create", challenge: challenge)
        let authData = authenticatorData(attested: true)
        var stmt = statement ?? []
        if format == "packed", statement == nil {
            let signature = try key.signature(for: authData + Data(SHA256.hash(data: clientDataJSON)))
            stmt = [(.text("alg"), Self.int(-7)), (.text("sig"), .bytes(signature.derRepresentation))]
        }
        let object = CBOR.map([(.text("fmt"), .text(format)), (.text("attStmt"), .map(stmt)), (.text("authData"), .bytes(authData))])
        return (clientDataJSON, TestCBOR.encode(object))
    }

    /// What the app sends with the registration (`deviceSignature`): the device key's signature over the registration
    /// challenge followed by this credential's raw id; `raw` as WebCrypto writes it (r‖s), else DER as iOS and Android.
    func deviceSignature(challenge: Data, deviceKey: P256.Signing.PrivateKey, raw: Bool = true) throws -> Data {
        let signature = try deviceKey.signature(for: challenge + credentialID)
        return raw ? signature.rawRepresentation : signature.derRepresentation
    }

    /// What `navigator.credentials.get` answers; counts the signature as a real authenticator does.
    mutating func assertion(
        challenge: Data, step: UInt32 = 1, type: String = "webauthn.get"
    ) throws -> (
        clientDataJSON: Data, authenticatorData: Data, signature: Data
    ) {
        signCount += step
        let clientDataJSON = clientData(type: type, challenge: challenge)
        let authData = authenticatorData(attested: false)
        let signature = try key.signature(for: authData + Data(SHA256.hash(data: clientDataJSON)))
        return (clientDataJSON, authData, signature.derRepresentation)
    }
}

/// A CBOR encoder for the tests (the service only decodes): definite lengths, shortest heads.
enum TestCBOR {
    static func head(_ major: UInt8, _ value: UInt64) -> Data {
        switch value {
        case 0..<24: Data([major << 5 | UInt8(value)])
        case 24...0xFF: Data([major << 5 | 24, UInt8(value)])
        case 0x100...0xFFFF: Data([major << 5 | 25]) + withUnsafeBytes(of: UInt16(value).bigEndian) { Data($0) }
        case 0x1_0000...0xFFFF_FFFF: Data([major << 5 | 26]) + withUnsafeBytes(of: UInt32(value).bigEndian) { Data($0) }
        default: Data([major << 5 | 27]) + withUnsafeBytes(of: value.bigEndian) { Data($0) }
        }
    }

    static func encode(_ value: CBOR) -> Data {
        switch value {
        case .unsigned(let n): head(0, n)
        case .negative(let n): head(1, n)
        case .bytes(let data): head(2, UInt64(data.count)) + data
        case .text(let text): head(3, UInt64(text.utf8.count)) + Data(text.utf8)
        case .array(let items): items.reduce(head(4, UInt64(items.count))) { $0 + encode($1) }
        case .map(let pairs): pairs.reduce(head(5, UInt64(pairs.count))) { $0 + encode($1.0) + encode($1.1) }
        case .tagged(let tag, let item): head(6, tag) + encode(item)
        case .bool(let flag): Data([flag ? 0xF5 : 0xF4])
        case .null: Data([0xF6])
        case .undefined: Data([0xF7])
        case .simple(let n): n < 24 ? Data([0xE0 | n]) : Data([0xF8, n])
        case .float(let x): Data([0xFB]) + withUnsafeBytes(of: x.bitPattern.bigEndian) { Data($0) }
        }
    }
}
