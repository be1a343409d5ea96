extension PDFObject {
    /// The object in PDF syntax. Strings keep their bytes (literal ones re-escaped), names are re-escaped with `#xx`,
    /// numbers are written as they were read.
    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let bytes, hex: true): Self.writeHex(bytes, into: &out)
        case .string(let bytes, hex: false): Self.writeLiteral(bytes, into: &out)
        case .name(let name): Self.writeName(name, into: &out)
        case .reference(let reference): out += Array("\(reference.number) \(reference.generation) R".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x20) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            out += Array("<<".utf8)
            for entry in dictionary.entries {
                Self.writeName(entry.key, into: &out)
                out.append(0x20)
                entry.value.write(into: &out)
            }
            out += Array(">>".utf8)
        }
    }

    var serialized: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// A text string (§7.9.2.2): UTF-16BE with a byte order mark, so Chinese reads correctly in every viewer.
    static func text(_ string: String) -> PDFObject {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in string.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        return .string(bytes, hex: true)
    }

    static func integer(_ value: Int) -> PDFObject { .number(String(value)) }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func writeHex(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count * 2 + 2)
        out.append(UInt8(ascii: "<"))
        for byte in bytes { out += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]] }
        out.append(UInt8(ascii: ">"))
    }

    private static func writeLiteral(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            // A raw CR would be read back as LF (§7.3.4.2).
            case 0x0D: out += Array("\\r".utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: ")"))
    }

    private static func writeName(_ name: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "/"))
        for scalar in name.unicodeScalars {
            // Names were read one byte per scalar; anything wider cannot come from a file but is written as UTF-8.
            let bytes: [UInt8] = scalar.value < 0x100 ? [UInt8(scalar.value)] : Array(String(scalar).utf8)
            for byte in bytes {
                if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "#"), PDFLexer.isRegular(byte) {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "#"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
            }
        }
    }
}
