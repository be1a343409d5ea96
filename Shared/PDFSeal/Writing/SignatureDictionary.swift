import Foundation

/// The signature dictionary (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.4) with room for the CMS: `/ByteRange` is
/// written with fixed-width fields and `/Contents` as a zero-filled hex string, so both can be filled in place once
/// the final file length is known, without moving a byte.
struct SignatureDictionary {
    /// Width of each `/ByteRange` number: ten digits cover files up to 9.3 GB.
    static let byteRangeFieldWidth = 10

    private(set) var body: [UInt8] = []
    /// Where, inside `body`, the `/ByteRange` array's three variable fields start.
    let byteRangeFieldsOffset: Int
    /// Where, inside `body`, `<` of `/Contents` is; the string ends `2 * contentsCapacity + 2` bytes later.
    let contentsOffset: Int
    let contentsCapacity: Int

    init(subFilter: SealSubFilter, contentsCapacity: Int, signingTime: Date, reason: String, location: String, name: String?) {
        self.contentsCapacity = contentsCapacity
        var body = Array("<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /\(subFilter.rawValue)".utf8)
        body += Array(" /ByteRange [0 ".utf8)
        byteRangeFieldsOffset = body.count
        body += Array(String(repeating: " ", count: 3 * (Self.byteRangeFieldWidth + 1) - 1).utf8)
        body += Array("]\n/Contents ".utf8)
        contentsOffset = body.count
        body.append(UInt8(ascii: "<"))
        body += [UInt8](repeating: UInt8(ascii: "0"), count: 2 * contentsCapacity)
        body += Array(">\n/M ".utf8)
        PDFObject.string(Array(Self.pdfDate(signingTime).utf8), hex: false).write(into: &body)
        if let name {
            body += Array(" /Name ".utf8)
            PDFObject.text(name).write(into: &body)
        }
        body += Array(" /Reason ".utf8)
        PDFObject.text(reason).write(into: &body)
        body += Array(" /Location ".utf8)
        PDFObject.text(location).write(into: &body)
        body += Array(">>".utf8)
        self.body = body
    }

    /// The three `/ByteRange` fields, left-aligned and space-padded to the placeholder's width.
    static func byteRangeFields(_ values: [Int]) -> [UInt8] {
        let fields = values.map { value -> String in
            let digits = String(value)
            return digits + String(repeating: " ", count: max(0, byteRangeFieldWidth - digits.count))
        }
        return Array(fields.joined(separator: " ").utf8)
    }

    /// `D:YYYYMMDDHHmmSSZ` (§7.9.4), in UTC so the value does not depend on the server's time zone.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "D:" + String(format: "%04d", parts.year ?? 0) + two(parts.month) + two(parts.day) + two(parts.hour) + two(parts.minute)
            + two(parts.second) + "Z"
    }
}
