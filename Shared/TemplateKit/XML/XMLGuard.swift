import Foundation

/// Screens the raw bytes of a part before any XML parser sees them.
///
/// A DOCTYPE is the only way to declare entities, so refusing every `<!DOCTYPE` and `<!ENTITY` (Office never writes
/// either) closes XXE and billion-laughs without relying on parser settings. The screen is a byte search, so the part
/// must be UTF-8: a UTF-16 or UTF-7 part could spell "<!DOCTYPE" in bytes the search would not recognise but the
/// parser would.
enum XMLGuard {
    static func screen(_ bytes: Data, part: String) throws(TemplateRejection) {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || containsNUL(bytes) {
            throw .xmlInvalid(part, "只接受 UTF-8 编码")
        }
        if containsIgnoringASCIICase(bytes, "<!DOCTYPE") || containsIgnoringASCIICase(bytes, "<!ENTITY") {
            throw .externalEntity(part)
        }
        if let encoding = declaredEncoding(bytes), !["utf-8", "utf8"].contains(encoding.lowercased()) {
            throw .xmlInvalid(part, "只接受 UTF-8 编码（声明的是 \(encoding)）")
        }
    }

    /// The `encoding` of the XML declaration, if the part starts with one.
    static func declaredEncoding(_ bytes: Data) -> String? {
        var body = bytes.prefix(256)
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard body.starts(with: Array("<?xml".utf8)), let close = body.firstRange(of: Array("?>".utf8)),
            let declaration = String(data: Data(body[body.startIndex..<close.lowerBound]), encoding: .utf8),
            let match = declaration.firstMatch(of: #/encoding\s*=\s*["']([^"']*)["']/#)
        else { return nil }
        return String(match.1)
    }

    private static func containsNUL(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
    }

    /// Whether `needle` (ASCII) occurs, letters compared case-insensitively. Jumps between "<" with memchr so a
    /// 20 MiB part is screened quickly even in debug builds.
    static func containsIgnoringASCIICase(_ bytes: Data, _ needle: String) -> Bool {
        let wanted = Array(needle.utf8)
        guard let lead = wanted.first, bytes.count >= wanted.count else { return false }
        return bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var offset = 0
            while offset + wanted.count <= buffer.count {
                guard let hit = memchr(base + offset, Int32(lead), buffer.count - offset) else { return false }
                let start = base.distance(to: UnsafeRawPointer(hit))
                if start + wanted.count > buffer.count { return false }
                var matched = true
                for index in 1..<wanted.count {
                    let byte = buffer[start + index]
                    let want = wanted[index]
                    let isLetter = (0x41...0x5A).contains(want) || (0x61...0x7A).contains(want)
                    if isLetter ? (byte | 0x20) != (want | 0x20) : byte != want {
                        matched = false
                        break
                    }
                }
                if matched { return true }
                offset = start + 1
            }
            return false
        }
    }
}
