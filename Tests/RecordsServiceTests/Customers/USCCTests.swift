import RPCCore
import Testing

@testable import RecordsService

/// GB 32100 unified social credit codes and the GB 11714 organisation code inside them.
@Suite("USCC (GB 32100) and its organisation code (GB 11714)")
struct USCCTests {
    /// Valid codes: a published example, and codes built from their weights for each registration department.
    static let valid = [
        "91350100M000100Y43", "91110000100000008J", "91330106MA27XB5Q1R", "12100000400007068E", "91440300MA5EL8K106",
        "92330102MA2H0R3Y7Q", "9131000013221297X9",
    ]

    @Test("valid codes pass", arguments: valid)
    func validCodes(_ code: String) {
        #expect(USCC.problem(code) == nil)
    }

    @Test("the check character is computed from the weights: 91350100M000100Y4 → 3")
    func checkCharacter() {
        let values = Array("91350100M000100Y4").map { USCC.alphabet.firstIndex(of: $0)! }
        #expect(USCC.checkCharacter(values: values) == "3")
        #expect(USCC.organisationCheck(Array("M000100Y")) == "4")
        // 10 is written X (…13221297 → X), 11 is written 0 (…0000000 → 0: 11 − 0).
        #expect(USCC.organisationCheck(Array("13221297")) == "X")
        #expect(USCC.organisationCheck(Array("00000000")) == "0")
    }

    @Test("a wrong check character names what it should be")
    func wrongCheck() {
        #expect(USCC.problem("91350100M000100Y44") == .check(expected: "3", found: "4"))
        #expect(USCC.problem("91350100M000100Y4X") == .check(expected: "3", found: "X"))
    }

    @Test("a mutated organisation code is caught by its own check character")
    func organisationCode() {
        // One digit of the organisation code changed: GB 11714's check catches it before the whole-code check.
        #expect(USCC.problem("91350100M000200Y43") == .organisationCheck(expected: "X", found: "4"))
        // Two neighbours swapped.
        if case .organisationCheck = USCC.problem("91350100M001000Y43") {} else { Issue.record("swap not caught") }
    }

    @Test("letters I, O, Z, S, V and other characters are refused with their position", arguments: ["I", "O", "Z", "S", "V", "-", "a", "中"])
    func badCharacter(_ letter: String) {
        var code = Array("91350100M000100Y43")
        code[4] = Character(letter)
        #expect(USCC.problem(String(code)) == .character(position: 5, found: Character(letter)))
    }

    @Test("length other than 18")
    func length() {
        #expect(USCC.problem("91350100M000100Y4") == .length(17))
        #expect(USCC.problem("91350100M000100Y433") == .length(19))
    }

    @Test("the form trims and upper-cases; RECORDS_USCC_INVALID carries position or expected character")
    func validation() throws {
        #expect(try CustomerValidation.uscc(" 91330106ma27xb5q1r ") == "91330106MA27XB5Q1R")
        #expect(try CustomerValidation.uscc("") == "")
        for (code, details) in [
            ("91350100M000100Y40", ["position": "18", "expected": "3"]),
            ("91350100M000200Y43", ["position": "17", "expected": "X"]),
            ("9135O100M000100Y43", ["position": "5"]),
        ] {
            do {
                _ = try CustomerValidation.uscc(code)
                Issue.record("\(code) passed")
            } catch let error as RPCError {
                #expect(error.reason == "RECORDS_USCC_INVALID")
                #expect(error.details["field"] == "uscc")
                for (key, value) in details { #expect(error.details[key] == value, "\(code) \(key)") }
            }
        }
    }
}
