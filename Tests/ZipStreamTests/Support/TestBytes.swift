/// Deterministic test contents: compressible text and incompressible pseudo-random bytes (xorshift).
enum TestBytes {
    static func text(_ count: Int) -> [UInt8] {
        let line = Array("检定证书 JJG 443-2023 燃油加油机 0.15 L/min ± 0.30 %\n".utf8)
        return (0..<count).map { line[$0 % line.count] }
    }

    static func random(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }
}
