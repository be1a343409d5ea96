public import Foundation

/// LibreOffice and poppler from the test: a cold `soffice --headless --convert-to pdf` per call, in its own
/// profile directory so it neither waits for nor disturbs another running instance.
public enum Office {
    static let soffice = "/usr/bin/soffice"
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: soffice) }

    /// Converts `data` (a file with extension `ext`) to PDF; returns the PDF's path.
    public static func pdf(_ data: Data, ext: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("filled.\(ext)")
        try data.write(to: input)
        _ = try run(
            soffice,
            ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", directory.path, input.path],
            timeout: 180)
        let output = directory.appendingPathComponent("filled.pdf")
        guard FileManager.default.fileExists(atPath: output.path) else { throw OfficeError.noOutput(directory.path) }
        return output
    }

    public static func text(_ pdf: URL) throws -> String { try run("/usr/bin/pdftotext", [pdf.path, "-"], timeout: 60) }

    /// Page 1 at 80 dpi to `png`.
    public static func png(_ pdf: URL, to png: URL) throws {
        let prefix = pdf.deletingLastPathComponent().appendingPathComponent("page").path
        _ = try run("/usr/bin/pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf.path, prefix], timeout: 60)
        try? FileManager.default.removeItem(at: png)
        try FileManager.default.copyItem(atPath: prefix + ".png", toPath: png.path)
    }

    @discardableResult
    public static func run(_ tool: String, _ arguments: [String], timeout: TimeInterval) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        // Output goes to a file: a pipe could fill up while we only poll for the end.
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("office-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: capture.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: capture) }
        let handle = try FileHandle(forWritingTo: capture)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        // waitUntilExit on a helper thread, so a hung soffice is terminated after `timeout` instead of hanging the test.
        let exited = DispatchSemaphore(value: 0)
        Thread {
            process.waitUntilExit()
            exited.signal()
        }.start()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw OfficeError.timeout(tool)
        }
        guard process.terminationStatus == 0 else { throw OfficeError.failed(tool, process.terminationStatus) }
        return String(decoding: try Data(contentsOf: capture), as: UTF8.self)
    }

    public enum OfficeError: Error {
        case timeout(String)
        case failed(String, Int32)
        case noOutput(String)
    }

    /// The repository root, from this file's path (Tests/FillTestSupport/Office.swift).
    public static func repository() -> URL {
        // #filePath here is this file's; symlinks resolved: the tests may run from a scratch package linking this folder.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Set METROLOGY_WRITE_FIXTURES=1 to rewrite the committed example template and picture.
    public static var writeFixtures: Bool { ProcessInfo.processInfo.environment["METROLOGY_WRITE_FIXTURES"] == "1" }
}
