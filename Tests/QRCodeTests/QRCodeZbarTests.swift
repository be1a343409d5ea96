import Foundation
import QRCode
import Testing

/// Decodes the PNGs with a real reader, zbar (`zbarimg`, Debian zbar-tools): every level, short and long, ASCII and
/// Chinese UTF-8.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg"), "zbarimg (zbar-tools) not installed"))
struct QRCodeZbarTests {
    static let texts = [
        "A",
        "https://jd.example.cn/verify?no=JD-2026-000123&code=8F3A",
        "检定证书 JD-2026-000123 某某市计量检定测试所",
        String(repeating: "https://metrology.example.gov.cn/c?n=JD-2026-000123&k=", count: 3),
    ]

    @Test("zbarimg reads back what was encoded", arguments: texts, QRErrorCorrection.allCases)
    func decodes(text: String, correction: QRErrorCorrection) throws {
        let matrix = try QRCode.encode(text, correction: correction)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("code.png")
        try matrix.png(scale: 4).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        // -Sbinary: the bytes as encoded, without zbar's guess at the character set.
        process.arguments = ["--raw", "-q", "-Sbinary", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        // zbar reports a missing D-Bus on stderr; only stdout carries the data.
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .newlines) == text)
    }
}
