/// A finished QR symbol: `size × size` modules, `true` for dark. The quiet zone is not included; `png` adds it.
public struct QRMatrix: Sendable, Hashable {
    public let version: Int
    public let correction: QRErrorCorrection
    /// The mask pattern used, 0–7.
    public let mask: Int
    public let size: Int
    let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark; outside the symbol is light (the quiet zone).
    public subscript(x x: Int, y y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}
