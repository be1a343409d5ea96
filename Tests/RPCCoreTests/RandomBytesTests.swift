import Foundation
import RPCCore
import Testing

@Suite struct RandomBytesTests {
    @Test func uuidsAreCanonicalVersion4AndDistinct() throws {
        // 1 000 ids draw 16 000 bytes: the 4 KiB pool is refilled several times on the way.
        let ids = (0..<1000).map { _ in RandomBytes.uuidString() }
        let pattern = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        for id in ids {
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
            #expect(UUID(uuidString: id) != nil)
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test func bytesLookRandomAcrossRefills() {
        // Counts of each byte value over 64 KiB: a stuck or zeroed pool would put them all in one bucket.
        var counts = [Int](repeating: 0, count: 256)
        for _ in 0..<1024 {
            RandomBytes.with(count: 64) { bytes in
                for byte in bytes { counts[Int(byte)] += 1 }
            }
        }
        // 65 536 bytes over 256 values: 256 expected each; far outside ±50 % only if the source is broken.
        #expect(counts.allSatisfy { (128...384).contains($0) }, "\(counts)")
    }

    @Test(
        "counter hex: lower case, no leading zeros",
        arguments: [
            (UInt64(0), "0"), (1, "1"), (15, "f"), (16, "10"), (0xabc, "abc"), (UInt64.max, "ffffffffffffffff"), (1 << 60, "1000000000000000"),
        ])
    func counterHex(_ value: UInt64, _ expected: String) {
        #expect(RandomBytes.hex(value) == expected)
        #expect(UInt64(RandomBytes.hex(value), radix: 16) == value)
    }
}
