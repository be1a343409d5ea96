public import Foundation

/// The clock signature challenges live by. In production it is the system clock. A test stack sets
/// METROLOGY_TEST_CLOCK_OFFSET_FILE to a file holding seconds to add to it, so a test can make a challenge expire by
/// writing a number instead of sleeping through its lifetime (which made expiry tests fail on slow machines, issue 14).
/// Only challenge expiry reads it: tokens, sessions and lockouts keep the system clock.
public struct ChallengeClock: Sendable {
    let offsetFile: String?

    public init(offsetFile: String? = nil) {
        self.offsetFile = offsetFile
    }

    public func now() -> Date {
        guard let offsetFile, let text = try? String(contentsOfFile: offsetFile, encoding: .utf8),
            let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return Date() }
        return Date().addingTimeInterval(seconds)
    }
}
