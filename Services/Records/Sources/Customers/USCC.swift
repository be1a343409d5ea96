import Foundation

/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters,
///
///   1      registration department (登记管理部门码)
///   2      organisation category (机构类别码)
///   3–8    GB/T 2260 region of registration
///   9–17   the organisation code of GB 11714 (组织机构代码), itself 8 characters and a check character
///   18     the check character of the whole code
///
/// drawn from the 31 characters `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V: they read like 1, 0, 2, 5, U).
/// A character's value is its index there (A = 10, … Y = 30). The check character C18 is the one whose value is
/// 31 − (Σ Ci·Wi mod 31) for the first 17, with W = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 (3^i mod 31);
/// 31 is written 0. The organisation code's check (GB 11714 §5) is 11 − (Σ Ci·Wi mod 11) with W = 3 7 9 10 5 8 4 2
/// and letters valued A = 10 … Z = 35 as GB 11714 numbers them; 10 is written X and 11 is written 0.
///
/// Worked example: 91350100M000100Y43 — organisation code M000100Y4: 22·3 + 1·5 + 34·2 = 139, 139 mod 11 = 7,
/// 11 − 7 = 4 ✓; whole code: Σ Ci·Wi over the first 17 = 1640, 1640 mod 31 = 28, 31 − 28 = 3 ✓.
enum USCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Why a code is not valid; `position` is 1-based.
    enum Problem: Equatable, Sendable {
        case length(Int)
        case character(position: Int, found: Character)
        case organisationCheck(expected: Character, found: Character)
        case check(expected: Character, found: Character)
    }

    /// The code as it is stored: trimmed and upper-cased (people type it in lower case too).
    static func normalize(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// nil when `code` (already normalised) is a valid USCC.
    static func problem(_ code: String) -> Problem? {
        let characters = Array(code)
        guard characters.count == 18 else { return .length(characters.count) }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else { return .character(position: index + 1, found: character) }
            values.append(value)
        }
        let organisation = Array(characters[8..<17])
        let expectedOrganisation = organisationCheck(organisation)
        if organisation[8] != expectedOrganisation {
            return .organisationCheck(expected: expectedOrganisation, found: organisation[8])
        }
        let expected = checkCharacter(values: Array(values[0..<17]))
        if characters[17] != expected { return .check(expected: expected, found: characters[17]) }
        return nil
    }

    /// C18 for the values of the first 17 characters.
    static func checkCharacter(values: [Int]) -> Character {
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The GB 11714 check character of the 9-character organisation code (its first 8 are used).
    static func organisationCheck(_ code: [Character]) -> Character {
        let sum = zip(code.prefix(8), organisationWeights).reduce(0) { $0 + gb11714Value($1.0) * $1.1 }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Character(String(digit))
        }
    }

    /// GB 11714 values: digits as themselves, letters A = 10 … Z = 35.
    static func gb11714Value(_ character: Character) -> Int {
        if let digit = character.wholeNumberValue, character.isASCII { return digit }
        guard let ascii = character.asciiValue, (65...90).contains(ascii) else { return 0 }
        return Int(ascii) - 55
    }
}
