import Foundation

/// The visible seal (印章) printed at `SEAL`: a red ring with the institution's name around its upper arc, a star in
/// the middle and the seal's use beneath, drawn as SVG here and rendered to PNG by the converters (LibreOffice has
/// the CJK fonts; this service draws no glyphs itself). Each character is placed and turned on its own rather than
/// laid along a `textPath`, which LibreOffice's SVG import does not follow reliably.
enum SealImage {
    static let size = 400.0
    static let red = "#D7000F"

    static func svg(institution: String, use: String = "检定专用章") -> String {
        let c = size / 2
        let characters = Array(institution.prefix(24))
        // The name spans up to 240° of the ring, centred on the top; a short name keeps its characters closer.
        let span = min(240.0, Double(max(characters.count - 1, 1)) * 22.0) * .pi / 180
        let radius = 138.0
        let fontSize = characters.count > 16 ? 30.0 : 36.0
        var glyphs = ""
        for (index, character) in characters.enumerated() {
            let t = characters.count == 1 ? 0.0 : -span / 2 + span * Double(index) / Double(characters.count - 1)
            let x = c + radius * sin(t)
            let y = c - radius * cos(t)
            let degrees = t * 180 / .pi
            glyphs += """
                <text x="\(fmt(x))" y="\(fmt(y))" transform="rotate(\(fmt(degrees)) \(fmt(x)) \(fmt(y)))" font-size="\(fmt(fontSize))" \
                text-anchor="middle" dominant-baseline="central" fill="\(red)" font-family="Noto Sans CJK SC" font-weight="bold">\
                \(escape(String(character)))</text>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(size))" height="\(Int(size))" viewBox="0 0 \(Int(size)) \(Int(size))">
            <circle cx="\(fmt(c))" cy="\(fmt(c))" r="\(fmt(c - 12))" fill="none" stroke="\(red)" stroke-width="12"/>
            <polygon points="\(star(cx: c, cy: c, outer: 52, inner: 20))" fill="\(red)"/>
            \(glyphs)<text x="\(fmt(c))" y="\(fmt(c + 100))" font-size="30" text-anchor="middle" fill="\(red)" font-family="Noto Sans CJK SC" \
            font-weight="bold">\(escape(use))</text>
            </svg>
            """
    }

    /// A five-pointed star, point up.
    static func star(cx: Double, cy: Double, outer: Double, inner: Double) -> String {
        (0..<10).map { i in
            let r = i % 2 == 0 ? outer : inner
            let t = Double(i) * .pi / 5
            return "\(fmt(cx + r * sin(t))),\(fmt(cy - r * cos(t)))"
        }.joined(separator: " ")
    }

    static func fmt(_ value: Double) -> String { String(format: "%.2f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
