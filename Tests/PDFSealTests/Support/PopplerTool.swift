import Foundation

/// Runs poppler-utils (`pdfsig`, `pdfinfo`, `pdftotext`) on bytes written to a temporary file: the independent
/// reader that decides whether a seal is valid.
enum PopplerTool {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfsig") }

    struct Output {
        var status: Int32
        var text: String
    }

    static func run(_ tool: String, _ arguments: [String] = [], on pdf: Data) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdfseal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sealed.pdf")
        try pdf.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments + [file.path] + (tool == "pdftotext" ? ["-"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }
}
