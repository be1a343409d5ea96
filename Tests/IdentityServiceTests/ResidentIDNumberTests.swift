import Testing

@testable import IdentityService

@Suite struct ResidentIDNumberTests {
    // GB 11643's own example number.
    @Test func acceptsTheStandardsExampleAndDerivesBirthAndSex() throws {
        let number = try ResidentIDNumber("11010519491231002X")
        #expect(number.birthMonth == "1949-12")
        #expect(number.gender == "female")
        #expect(number.masked == "110105********002X")
    }

    @Test func acceptsLowercaseXAndSpaces() throws {
        #expect(try ResidentIDNumber(" 11010519491231002x ").value == "11010519491231002X")
    }

    /// Appends the right check character, so a test can reach the checks after it.
    static func withCheckDigit(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap { $0.wholeNumberValue }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    @Test(arguments: [
        ("1101051949123100", ResidentIDNumber.Problem.length),
        ("11010519491231002Y", .characters),
        ("110105194912310021", .checkDigit),
        (withCheckDigit("11010519490230002"), .birthDate),
        (withCheckDigit("11010519491332002"), .birthDate),
    ])
    func refuses(_ text: String, _ problem: ResidentIDNumber.Problem) {
        #expect(throws: problem) { try ResidentIDNumber(text) }
    }

    @Test func refusesABirthDateInTheFuture() {
        #expect(throws: ResidentIDNumber.Problem.birthDate) { try ResidentIDNumber(Self.withCheckDigit("11010521990101001")) }
    }

    @Test func everyProblemHasAChineseMessage() {
        for problem in [ResidentIDNumber.Problem.length, .characters, .checkDigit, .birthDate] {
            #expect(problem.message.contains("身份证"))
        }
    }
}
