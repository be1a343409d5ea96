import Foundation
import Testing

@testable import Persistence

@Suite struct LikePatternTests {
    @Test func wildcardsAndTheEscapeAreTakenLiterally() {
        #expect(LikePattern.containing("加油机") == "%加油机%")
        #expect(LikePattern.containing(#"50%_a\b"#) == #"%50\%\_a\\b%"#)
    }

    @Test func hexMatchesTheFormatMigrationsWereChecksummedWith() {
        let bytes: [UInt8] = [0x00, 0x0a, 0x7f, 0xff]
        #expect(bytes.hexEncoded == "000a7fff")
        #expect(bytes.hexEncoded == bytes.map { String(format: "%02x", $0) }.joined())
    }
}
