import Foundation
import Testing

@testable import IdentityService

/// A generated administrator password goes to a private file or a terminal, never to the log (issue 14 §16).
@Suite struct AdministratorPasswordOutputTests {
    @Test("the file is created with mode 0600 and holds the password")
    func privateFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AdministratorPasswordOutput.file(path).deliver("S3cret-generated")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "S3cret-generated\n")
    }

    @Test("a configured file wins; without one, only a terminal; with neither, nowhere (identity refuses to invent a password nobody sees)")
    func choice() {
        #expect(
            AdministratorPasswordOutput.choose(file: "/tmp/x", stderrIsTerminal: false).map { if case .file("/tmp/x") = $0 { true } else { false } }
                == true)
        #expect(AdministratorPasswordOutput.choose(file: nil, stderrIsTerminal: true).map { if case .terminal = $0 { true } else { false } } == true)
        #expect(AdministratorPasswordOutput.choose(file: "", stderrIsTerminal: false) == nil)
    }
}
