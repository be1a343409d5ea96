/// How much of the symbol may be damaged and still read (ISO/IEC 18004:2015 §5.3.8): about 7, 15, 25, 30 %.
public enum QRErrorCorrection: Int, Sendable, CaseIterable {
    case low
    case medium
    case quartile
    case high

    /// The two bits written in the format information (Table 12); note M is 00 and L is 01.
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}
