import Foundation
import QRCode
import Testing

/// Matrices from python-qrcode (an independent encoder; Fixtures/make-reference.py), compared module for module with
/// the same text, level and forced mask: versions 1–18, one to several blocks, with and without version information.
@Suite struct QRCodeReferenceTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var text: String
        var level: String
        var version: Int
        var mask: Int
        var rows: [String]

        var testDescription: String { "\(level) v\(version) mask \(mask): \(text.prefix(24))" }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference.json")
        guard let data = try? Data(contentsOf: url), let cases = try? JSONDecoder().decode([Case].self, from: data) else { return [] }
        return cases
    }()

    static func correction(_ level: String) -> QRErrorCorrection {
        switch level {
        case "L": .low
        case "Q": .quartile
        case "H": .high
        default: .medium
        }
    }

    @Test("the reference file has its 20 cases")
    func referenceLoaded() {
        #expect(Self.cases.count == 20)
    }

    @Test("same version and modules as python-qrcode", arguments: cases)
    func matchesReference(_ reference: Case) throws {
        let matrix = try QRCode.encode(reference.text, correction: Self.correction(reference.level), mask: reference.mask)
        #expect(matrix.version == reference.version)
        #expect(matrix.size == reference.rows.count)
        let rows = (0..<matrix.size).map { y in String((0..<matrix.size).map { x in matrix[x: x, y: y] ? "1" : "0" }) }
        #expect(rows == reference.rows)
    }
}
