import Foundation

/// The readers the tests open workbooks with: a Python that has `openpyxl`, and LibreOffice.
enum ExternalTool {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxwriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `METROLOGY_TEST_PYTHON`, else the browser tests' environment (Tests/Browser/requirements.txt has openpyxl),
    /// else the system's: the first that imports openpyxl.
    static let python: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["METROLOGY_TEST_PYTHON"],
            root.appendingPathComponent("deploy/local/state/browser-venv/bin/python").path,
            "/usr/bin/python3",
        ]
        return candidates.compactMap { $0 }.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate) && (try? run(candidate, ["-c", "import openpyxl"]).status) == 0
        }
    }()

    static let soffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Under deploy/local/test (METROLOGY_TEST_REQUIRED=1) a missing reader fails the run instead of skipping.
    static var required: Bool { ProcessInfo.processInfo.environment["METROLOGY_TEST_REQUIRED"] == "1" }
}
