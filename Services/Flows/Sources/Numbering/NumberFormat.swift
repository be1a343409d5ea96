import Foundation
import ServiceKit

/// How a rule prints a number: prefix, date part, zero-padded sequence, suffix (§4.2.3.8, §4.3.8).
/// The date part is also the period the sequence counts in: with YYYY it restarts every year.
struct NumberFormat: Sendable, Equatable {
    var prefix: String
    var suffix: String
    var datePattern: String
    var width: Int

    static let patterns: Set<String> = ["none", "YYYY", "YYYYMM", "YYYYMMDD"]

    /// The period of a day: "" for none, else the date part itself.
    func period(of day: CalendarDay) -> String {
        switch datePattern {
        case "YYYY": String(format: "%04d", day.year)
        case "YYYYMM": String(format: "%04d%02d", day.year, day.month)
        case "YYYYMMDD": String(format: "%04d%02d%02d", day.year, day.month, day.day)
        default: ""
        }
    }

    func number(sequence: Int64, period: String) -> String {
        let digits = String(sequence)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return prefix + period + padded + suffix
    }

    /// The largest sequence the width can print; beyond it numbers would grow longer and could collide.
    var maxSequence: Int64 {
        width >= 18 ? Int64.max : Int64(pow(10, Double(width))) - 1
    }
}
