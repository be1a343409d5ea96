import Foundation
import Testing

@testable import ReportsService

@Suite struct FeedConsumerCredentialsTests {
    @Test("A generated key parses back, matches its stored hash, and a wrong secret does not")
    func roundTrip() throws {
        let credentials = FeedConsumerCredentials.generate()
        #expect(credentials.apiKey.hasPrefix("fc_"))
        let parsed = try #require(FeedConsumerCredentials.parse(credentials.apiKey))
        #expect(parsed == credentials)
        #expect(FeedConsumerCredentials.matches(parsed.secret, hash: credentials.secretHash))
        let other = FeedConsumerCredentials.generate()
        #expect(!FeedConsumerCredentials.matches(other.secret, hash: credentials.secretHash))
        #expect(other.clientID != credentials.clientID)
    }

    @Test("Malformed keys are refused before any lookup")
    func malformed() {
        let key = FeedConsumerCredentials.generate().apiKey
        for text in [
            "", "fc_", String(key.dropLast()), key + "A", "xx" + key.dropFirst(2), key.replacingOccurrences(of: ".", with: "_"), "Bearer " + key,
        ] {
            #expect(FeedConsumerCredentials.parse(text) == nil, "\(text)")
        }
    }

    @Test("Region scopes are GB/T 2260 prefixes of 2, 4 or 6 digits")
    func regions() {
        #expect(["42", "4205", "420502"].allSatisfy(FeedConsumerCredentials.isRegionPrefix))
        #expect(!["", "4", "420", "42050", "4205021", "4a", "%"].contains(where: FeedConsumerCredentials.isRegionPrefix))
    }
}
