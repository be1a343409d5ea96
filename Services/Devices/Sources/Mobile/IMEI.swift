/// An IMEI: 15 digits, the last a Luhn check digit over the first 14 (3GPP TS 23.003).
enum IMEI {
    static func isValid(_ text: String) -> Bool {
        guard text.count == 15, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let digits = text.compactMap { $0.wholeNumberValue }
        var sum = 0
        for (index, digit) in digits.prefix(14).enumerated() {
            // From the left, every second digit (positions 2, 4, …) is doubled.
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return (10 - sum % 10) % 10 == digits[14]
    }
}
