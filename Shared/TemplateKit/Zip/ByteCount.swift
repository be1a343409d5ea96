/// Sizes as template authors read them.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(formatted(Double(bytes) / Double(1 << 20))) MiB" }
        if bytes >= 1 << 10 { return "\(formatted(Double(bytes) / Double(1 << 10))) KiB" }
        return "\(bytes) 字节"
    }

    private static func formatted(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
