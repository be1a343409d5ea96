/// A1-style references: column letters (1 → A, 27 → AA, 16384 → XFD).
enum XLSXCellReference {
    static func columnLetters(_ column: Int) -> [UInt8] {
        var letters: [UInt8] = []
        var rest = column
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(UInt8(ascii: "A") + UInt8(digit), at: 0)
            rest = (rest - 1) / 26
        }
        return letters
    }
}
