import Crypto
import Foundation
import Testing

@testable import IdentityService

@Suite struct SensitiveDataCipherTests {
    let cipher = SensitiveDataCipher(dataKey: SymmetricKey(size: .bits256))

    @Test func sealsWithAFreshNonceAndOpens() throws {
        let first = try cipher.seal("11010519491231002X")
        let second = try cipher.seal("11010519491231002X")
        #expect(first != second)
        #expect(try cipher.open(first) == "11010519491231002X")
        #expect(!String(decoding: first, as: UTF8.self).contains("1949"))
    }

    @Test func theIndexIsStableAndKeyed() {
        #expect(cipher.index("a") == cipher.index("a"))
        #expect(cipher.index("a") != SensitiveDataCipher(dataKey: SymmetricKey(size: .bits256)).index("a"))
    }

    @Test func anotherKeyCannotOpen() throws {
        let sealed = try cipher.seal("secret")
        #expect(throws: (any Error).self) { try SensitiveDataCipher(dataKey: SymmetricKey(size: .bits256)).open(sealed) }
    }
}
