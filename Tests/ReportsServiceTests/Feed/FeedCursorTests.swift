import Foundation
import Testing

@testable import ReportsService

@Suite struct FeedCursorTests {
    @Test("Cursors round-trip; empty means from the beginning", arguments: [0, 1, 42, 9_007_199_254_740_993, Int64.max] as [Int64])
    func roundTrip(sequence: Int64) {
        #expect(FeedCursor.decode(FeedCursor.encode(sequence)) == sequence)
    }

    @Test("The cursor is opaque text (base64url of v1:<n>) and nothing else decodes")
    func refusals() {
        #expect(FeedCursor.decode("") == 0)
        #expect(FeedCursor.encode(42) == Base64URLDecoding.encode(Data("v1:42".utf8)))
        for text in [
            "42", "v1:42", Base64URLDecoding.encode(Data("v2:42".utf8)), Base64URLDecoding.encode(Data("v1:-1".utf8)),
            Base64URLDecoding.encode(Data("v1:042".utf8)), Base64URLDecoding.encode(Data("v1:4 2".utf8)),
            Base64URLDecoding.encode(Data("v1:42".utf8)) + "=",
            String(repeating: "A", count: 100), "' OR 1=1 --",
        ] {
            #expect(FeedCursor.decode(text) == nil, "\(text)")
        }
    }
}
