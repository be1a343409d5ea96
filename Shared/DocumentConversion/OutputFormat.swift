/// What the converters write: a PDF (optionally PDF/A-2b, optionally watermarked) or a PNG.
///
/// A struct with factories rather than an enum so that `.png` needs no parentheses while a sized PNG and the PDF's
/// options stay optional: `.pdf(archival: true, watermark: "作废")`, `.png`, `.png(width: 400, height: 400)`.
public struct OutputFormat: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case pdf
        case png
    }

    public let kind: Kind
    /// PDF/A-2b: what an issued certificate is archived as (and what the seal signs).
    public let archival: Bool
    /// Text LibreOffice draws large and diagonal on every page, e.g. 预览 (preview) or 作废 (void).
    public let watermark: String?
    /// 0xRRGGBB; nil leaves the converter's grey.
    public let watermarkColor: UInt32?
    /// Pixels; nil lets LibreOffice size the image from the drawing (96 dpi).
    public let pixelWidth: Int?
    public let pixelHeight: Int?

    /// Red, for 作废 copies.
    public static let voidRed: UInt32 = 0xE0_00_00

    public static func pdf(archival: Bool = false, watermark: String? = nil, watermarkColor: UInt32? = nil) -> Self {
        Self(kind: .pdf, archival: archival, watermark: watermark, watermarkColor: watermarkColor, pixelWidth: nil, pixelHeight: nil)
    }

    public static let png = Self(kind: .png, archival: false, watermark: nil, watermarkColor: nil, pixelWidth: nil, pixelHeight: nil)

    public static func png(width: Int, height: Int) -> Self {
        Self(kind: .png, archival: false, watermark: nil, watermarkColor: nil, pixelWidth: width, pixelHeight: height)
    }

    /// The converter's query parameters, in a fixed order.
    func queryItems(from source: DocumentFormat) -> [(String, String)] {
        var items = [("from", source.rawValue), ("to", kind.rawValue)]
        if archival { items.append(("pdfa", "2")) }
        if let watermark, !watermark.isEmpty { items.append(("watermark", watermark)) }
        if let watermarkColor { items.append(("watermark_color", String(watermarkColor & 0xFF_FF_FF, radix: 16).leftPadded(to: 6))) }
        if let pixelWidth { items.append(("width", String(pixelWidth))) }
        if let pixelHeight { items.append(("height", String(pixelHeight))) }
        return items
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
