import Foundation
import Persistence
import Testing

@Suite struct MigrationLoadingTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files { try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    @Test func loadsInVersionOrder() throws {
        let migrations = try Migration.load(from: folder(["0002_seed.sql": "INSERT 2", "0001_init.sql": "CREATE 1", "README.md": "ignored"]))
        #expect(migrations.map(\.version) == [1, 2])
        #expect(migrations.map(\.name) == ["init", "seed"])
    }

    @Test func refusesGaps() throws {
        #expect(throws: MigrationError.self) { try Migration.load(from: folder(["0001_a.sql": "", "0003_c.sql": ""])) }
    }

    @Test func refusesBadNames() throws {
        #expect(throws: MigrationError.self) { try Migration.load(from: folder(["init.sql": ""])) }
    }

    @Test func checksumFollowsContent() {
        #expect(Migration(version: 1, name: "a", sql: "x").checksum == Migration(version: 1, name: "b", sql: "x").checksum)
        #expect(Migration(version: 1, name: "a", sql: "x").checksum != Migration(version: 1, name: "a", sql: "y").checksum)
    }
}
