import Foundation
import ServiceKit

/// A resident ID number (居民身份证号码) checked against GB 11643: 17 digits, a check character from the ISO 7064
/// MOD 11-2 sum, and a real birth date in positions 7–14. The 17th digit is odd for men, even for women.
struct ResidentIDNumber: Sendable, Equatable {
    let value: String

    enum Problem: Error, Equatable {
        case length, characters, checkDigit, birthDate
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// Accepts a lowercase x and surrounding spaces; stores the canonical form.
    init(_ raw: String) throws(Problem) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let characters = Array(text)
        guard characters.count == 18 else { throw .length }
        let digits = characters.prefix(17).compactMap { $0.wholeNumberValue }
        guard digits.count == 17, characters[0...16].allSatisfy({ $0.isASCII && $0.isNumber }),
            characters[17] == "X" || (characters[17].isASCII && characters[17].isNumber)
        else { throw .characters }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard Self.checkCharacters[sum % 11] == characters[17] else { throw .checkDigit }
        let birth = String(characters[6..<14])
        guard Self.isRealDate(birth) else { throw .birthDate }
        value = text
    }

    /// YYYY-MM of the birth date.
    var birthMonth: String {
        let characters = Array(value)
        return String(characters[6..<10]) + "-" + String(characters[10..<12])
    }

    var gender: String { (Array(value)[16].wholeNumberValue ?? 0) % 2 == 1 ? "male" : "female" }

    /// The region code and the last four characters: enough to tell people apart in a list, not enough to misuse.
    var masked: String { String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4)) }

    /// A real date that is not in the future.
    static func isRealDate(_ yyyymmdd: String) -> Bool {
        guard yyyymmdd.count == 8, let year = Int(yyyymmdd.prefix(4)), let month = Int(yyyymmdd.dropFirst(4).prefix(2)),
            let day = Int(yyyymmdd.suffix(2)), CalendarDay.isValid(year: year, month: month, day: day)
        else { return false }
        return CalendarDay(String(format: "%04d-%02d-%02d", year, month, day)).map { $0 <= CalendarDay.today } ?? false
    }
}

extension ResidentIDNumber.Problem {
    /// Chinese message for people.
    var message: String {
        switch self {
        case .length: "身份证号码必须是 18 位"
        case .characters: "身份证号码前 17 位必须是数字，最后一位是数字或 X"
        case .checkDigit: "身份证号码校验位不正确，请核对"
        case .birthDate: "身份证号码中的出生日期无效"
        }
    }
}
