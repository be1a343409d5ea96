/// The four penalty rules that choose the mask (ISO/IEC 18004:2015 §7.8.3, Table 11): runs of five or more modules of
/// one colour, 2×2 blocks, finder-like 1:1:3:1:1 patterns with four light modules on one side, and imbalance of
/// dark and light.
enum QRPenalty {
    static let finderLike: [[Bool]] = [
        [true, false, true, true, true, false, true, false, false, false, false],
        [false, false, false, false, true, false, true, true, true, false, true],
    ]

    static func score(_ modules: [Bool], size: Int) -> Int {
        func at(_ x: Int, _ y: Int, transposed: Bool) -> Bool { transposed ? modules[x * size + y] : modules[y * size + x] }
        var penalty = 0
        for transposed in [false, true] {
            for line in 0..<size {
                // Rule 1: N1 = 3 for a run of five, plus one per extra module.
                var run = 1
                for index in 1..<size {
                    if at(index, line, transposed: transposed) == at(index - 1, line, transposed: transposed) {
                        run += 1
                    } else {
                        if run >= 5 { penalty += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { penalty += run - 2 }
                // Rule 3: N3 = 40 per finder-like pattern.
                if size >= 11 {
                    for start in 0...(size - 11) {
                        for pattern in finderLike where (0..<11).allSatisfy({ at(start + $0, line, transposed: transposed) == pattern[$0] }) {
                            penalty += 40
                        }
                    }
                }
            }
        }
        // Rule 2: N2 = 3 per 2×2 block of one colour.
        var dark = 0
        for y in 0..<size {
            for x in 0..<size {
                if modules[y * size + x] { dark += 1 }
                guard x + 1 < size, y + 1 < size else { continue }
                let colour = modules[y * size + x]
                if modules[y * size + x + 1] == colour, modules[(y + 1) * size + x] == colour, modules[(y + 1) * size + x + 1] == colour {
                    penalty += 3
                }
            }
        }
        // Rule 4: N4 = 10 per full 5 % the dark share is away from 50 %.
        let total = size * size
        let deviation = abs(dark * 20 - total * 10)
        penalty += max(0, (deviation + total - 1) / total - 1) * 10
        return penalty
    }
}
