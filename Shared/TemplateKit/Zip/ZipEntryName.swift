/// Rules for entry names. A template is never extracted to disk here, but the stored file will be opened later by
/// other code (the certificate filler, a desktop user's unzip), so a name that could escape a directory or alias
/// another part is refused outright rather than normalised.
enum ZipEntryName {
    static let maxLength = 512

    /// Why `name` is unsafe, in Chinese, or nil when it is a plain relative path.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "条目名为空" }
        if name.count > maxLength { return "条目名超过 \(maxLength) 个字符" }
        if name.unicodeScalars.contains(where: { $0.value == 0 }) { return "含有 NUL 字符" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "含有控制字符" }
        if name.contains("\\") { return "含有反斜杠（Windows 路径分隔符）" }
        if name.hasPrefix("/") { return "是绝对路径" }
        // "C:foo" or "C:/foo" is absolute on Windows; no Office part name contains a colon.
        if name.contains(":") { return "含有冒号（盘符或备用数据流）" }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment == ".." { return "含有 “..”（路径穿越）" }
            if segment == "." { return "含有 “.” 路径段" }
            // A trailing "/" marks a directory entry; any other empty segment ("a//b") aliases another path.
            if segment.isEmpty && index != segments.count - 1 { return "含有空路径段（“//”）" }
        }
        return nil
    }

    /// `name` made safe to quote in a message: control characters escaped, long names shortened.
    static func display(_ name: String) -> String {
        var shown = ""
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown.count > 120 ? String(shown.prefix(120)) + "…" : shown
    }
}
