/// Part names and relationship targets (OPC, ECMA-376 Part 2 §9.1): names have no leading "/", targets are relative
/// to the source part's folder unless they start with "/".
package enum PartName {
    /// "word/document.xml" → "word/_rels/document.xml.rels"; "" (the package) → "_rels/.rels".
    package static func relationships(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return part.isEmpty ? "_rels/.rels" : "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }

    /// The folder of a part, with trailing "/" ("word/" for "word/document.xml", "" at the top).
    package static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// The part a relationship of `source` points to; nil when it climbs above the package root.
    package static func resolve(_ target: String, from source: String) -> String? {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : folder(of: source) + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                guard segments.popLast() != nil else { return nil }
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// `target` written relative to `source`'s folder, as Office writes targets ("media/image1.png",
    /// "../drawings/drawing1.xml").
    package static func relative(_ target: String, from source: String) -> String {
        let folder = folder(of: source).split(separator: "/")
        let parts = target.split(separator: "/")
        var common = 0
        while common < folder.count && common < parts.count - 1 && folder[common] == parts[common] { common += 1 }
        let up = Array(repeating: "..", count: folder.count - common)
        return (up + parts[common...].map(String.init)).joined(separator: "/")
    }
}
