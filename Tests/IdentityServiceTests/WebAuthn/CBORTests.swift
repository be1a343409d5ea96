import Foundation
import Testing

@testable import IdentityService

/// The bounded CBOR decoder: RFC 8949 Appendix A examples, and hostile input that must fail fast without a crash.
@Suite struct CBORTests {
    func hex(_ text: String) -> Data {
        var data = Data()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            data.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return data
    }

    @Test("RFC 8949 Appendix A examples decode")
    func examples() throws {
        #expect(try CBOR.decode(hex("1903e8")) == .unsigned(1000))
        #expect(try CBOR.decode(hex("3903e7")).int == -1000)
        #expect(try CBOR.decode(hex("1bffffffffffffffff")) == .unsigned(UInt64.max))
        #expect(
            try CBOR.decode(hex("83018202038204 05".replacingOccurrences(of: " ", with: "")))
                == .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]))
        let map = try CBOR.decode(hex("a26161016162820203"))
        #expect(map["a"] == .unsigned(1))
        #expect(map["b"] == .array([.unsigned(2), .unsigned(3)]))
        #expect(try CBOR.decode(hex("f93c00")) == .float(1.0))
        #expect(try CBOR.decode(hex("fb3ff199999999999a")) == .float(1.1))
        #expect(try CBOR.decode(hex("6449455446")) == .text("IETF"))
        #expect(try CBOR.decode(hex("4401020304")) == .bytes(Data([1, 2, 3, 4])))
        #expect(try CBOR.decode(hex("f5")) == .bool(true))
        #expect(try CBOR.decode(hex("c11a514b67b0")) == .tagged(1, .unsigned(1_363_896_240)))
    }

    @Test("the prefix decoder reports how many bytes the item took")
    func prefix() throws {
        let (value, length) = try CBOR.decodePrefix(hex("820102ffee"))
        #expect(value == .array([.unsigned(1), .unsigned(2)]))
        #expect(length == 3)
    }

    @Test(
        "hostile input is refused",
        arguments: [
            "",  // nothing
            "1a0000",  // truncated argument
            "5bffffffffffffffff00",  // a byte string claiming 2^64 − 1 bytes
            "7a7fffffff61",  // a text string claiming 2 GB
            "9bffffffffffffffff",  // an array claiming 2^64 − 1 items
            "bb00000000ffffffff",  // a map claiming 4 G pairs
            "5f4100ff",  // indefinite length
            "9f01ff",  // indefinite array
            "ff",  // a break alone
            "1c",  // reserved additional information
            "62c328",  // text that is not UTF-8
            "a201010102",  // a duplicate map key
            "0000",  // trailing bytes
        ])
    func hostile(_ input: String) {
        #expect(throws: CBOR.Malformed.self) { try CBOR.decode(hex(input)) }
    }

    @Test("nesting deeper than the limit is refused without recursing further (100 000 levels)")
    func deepNesting() {
        #expect(throws: CBOR.Malformed.self) { try CBOR.decode(Data(repeating: 0x81, count: 100_000) + Data([0x00])) }
        #expect(throws: CBOR.Malformed.self) { try CBOR.decode(Data(repeating: 0xA1, count: 50_000) + Data([0x00])) }
        #expect(throws: CBOR.Malformed.self) { try CBOR.decode(Data(repeating: 0xC1, count: 50_000) + Data([0x00])) }
        // Within the limit it decodes.
        #expect((try? CBOR.decode(Data(repeating: 0x81, count: 10) + Data([0x00]))) != nil)
    }

    @Test("more items than the limit are refused")
    func itemFlood() {
        let many = TestCBOR.head(4, 10_000) + Data(repeating: 0x00, count: 10_000)
        #expect(throws: CBOR.Malformed.self) { try CBOR.decode(many) }
    }

    @Test("random bytes never crash the decoder")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            _ = try? CBOR.decode(bytes)
            _ = try? AuthenticatorData(bytes)
        }
    }
}
