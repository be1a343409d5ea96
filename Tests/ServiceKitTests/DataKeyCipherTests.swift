import Crypto
import Foundation
import RPCCore
import ServiceBootstrap
import ServiceKit
import Testing

@Suite struct DataKeyCipherTests {
    let dataKey = SymmetricKey(data: Data(repeating: 7, count: 32))

    @Test("what is sealed opens again, and the sealed bytes do not contain it")
    func roundTrip() throws {
        let cipher = DataKeyCipher(dataKey: dataKey, service: "certificates", purpose: "seal-key")
        let secret = Data("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----".utf8)
        let sealed = try cipher.seal(secret)
        #expect(sealed.range(of: Data("PRIVATE KEY".utf8)) == nil)
        #expect(try cipher.open(sealed) == secret)
    }

    @Test("another data key, another purpose or a changed byte is refused with CERTIFICATES_DECRYPTION_FAILED")
    func refusals() throws {
        let cipher = DataKeyCipher(dataKey: dataKey, service: "certificates", purpose: "seal-key")
        var sealed = try cipher.seal(Data("secret".utf8))
        let otherKey = DataKeyCipher(dataKey: SymmetricKey(data: Data(repeating: 8, count: 32)), service: "certificates", purpose: "seal-key")
        let otherPurpose = DataKeyCipher(dataKey: dataKey, service: "certificates", purpose: "other")
        for opener in [otherKey, otherPurpose] {
            #expect { try opener.open(sealed) } throws: { ($0 as? RPCError)?.reason == "CERTIFICATES_DECRYPTION_FAILED" }
        }
        sealed[sealed.count / 2] ^= 1
        #expect { try cipher.open(sealed) } throws: { ($0 as? RPCError)?.reason == "CERTIFICATES_DECRYPTION_FAILED" }
        #expect { try cipher.open(Data([1, 2, 3])) } throws: { ($0 as? RPCError)?.reason == "CERTIFICATES_DECRYPTION_FAILED" }
    }

    @Test("the data key is required and must be 32 bytes of base64")
    func configuration() throws {
        #expect(throws: ConfigurationError.self) { try DataKeyCipher.dataKey(service: "reports", environment: EnvironmentReader([:])) }
        #expect(throws: ConfigurationError.self) {
            try DataKeyCipher.dataKey(service: "reports", environment: EnvironmentReader(["METROLOGY_REPORTS_DATA_KEY": "c2hvcnQ="]))
        }
        let key = try DataKeyCipher.dataKey(
            service: "reports", environment: EnvironmentReader(["METROLOGY_REPORTS_DATA_KEY": Data(repeating: 1, count: 32).base64EncodedString()]))
        #expect(key.bitCount == 256)
    }
}
