import Foundation

struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program to its end and returns its standard output (poppler's pdftotext, pdfinfo).
func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ToolFailure(description: "\(executable) \(arguments) exited \(process.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}

/// The text of one page (1-based) or of the whole PDF, whitespace removed: LibreOffice's watermark comes out of
/// pdftotext as "作 废".
func pdfText(_ pdf: Data, page: Int? = nil) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("conversion-\(UUID().uuidString).pdf")
    try pdf.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
    let text = try run("/usr/bin/pdftotext", range + [file.path, "-"])
    return text.filter { !$0.isWhitespace }
}

func pdfPageCount(_ pdf: Data) throws -> Int {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("conversion-\(UUID().uuidString).pdf")
    try pdf.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let info = try run("/usr/bin/pdfinfo", [file.path])
    let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
    return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
}

/// A converter process this test owns: started with its own profile and port, its PID recorded under
/// `test-pids/`, stopped with SIGTERM (it then ends its LibreOffice).
final class OwnConverter: @unchecked Sendable {
    let url: URL
    private let process = Process()
    private let pidFile: URL

    init(port: Int, timeoutSeconds: Double, name: String) throws {
        let state = ConverterTestEnvironment.state
        let profile = state.appendingPathComponent("converter/\(name)")
        let pids = state.appendingPathComponent("test-pids")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pids, withIntermediateDirectories: true)
        let logs = state.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let logFile = logs.appendingPathComponent("converter-\(name).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        url = URL(string: "http://127.0.0.1:\(port)")!
        pidFile = pids.appendingPathComponent("converter-\(name)")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            ConverterTestEnvironment.root.appendingPathComponent("deploy/converter/converter.py").path,
            "--port", "\(port)", "--profile", profile.path, "--timeout", "\(timeoutSeconds)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        try "\(process.processIdentifier)".write(to: pidFile, atomically: true, encoding: .utf8)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: pidFile)
    }

    deinit { stop() }
}
