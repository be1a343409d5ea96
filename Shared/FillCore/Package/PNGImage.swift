package import Foundation

/// The facts about a PNG the fillers need: that it is one, and its pixel size for the aspect ratio.
package struct PNGImage {
    package let width: Int
    package let height: Int

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads the signature and the IHDR chunk; nil when `data` is not a PNG.
    package init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, Array(bytes[0..<8]) == Self.signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        guard width > 0, height > 0 else { return nil }
        self.width = width
        self.height = height
    }

    /// Display size in EMU for `image`: its width, and its height or the one keeping the aspect ratio. Sizes are held
    /// to 1…500 mm so a wrong unit cannot produce a picture Word refuses.
    package static func extent(_ image: FillImage, name: String) throws(FillError) -> (png: PNGImage, cx: Int, cy: Int) {
        guard let png = PNGImage(image.png) else { throw .imageInvalid(name, "不是 PNG 图片") }
        let width = image.widthMM
        let height = image.heightMM ?? width * Double(png.height) / Double(png.width)
        guard width.isFinite, height.isFinite, (1...500).contains(width), (1...500).contains(height) else {
            throw .imageInvalid(name, "尺寸须在 1～500 毫米之间（宽 \(width)，高 \(height)）")
        }
        return (png, Int((width * OOXML.emuPerMM).rounded()), Int((height * OOXML.emuPerMM).rounded()))
    }
}
