import Crypto
public import Foundation

/// One versioned SQL migration: `Migrations/0001_init.sql` is version 1 named "init".
public struct Migration: Sendable, Equatable {
    public let version: Int64
    public let name: String
    public let sql: String

    public init(version: Int64, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the SQL: an applied migration whose file changed afterwards stops the service at start-up.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).hexEncoded
    }

    /// Reads `NNNN_name.sql` files from a folder, sorted by version; refuses gaps and duplicates.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int64(stem[..<underscore]) else {
                throw MigrationError("migration file name must be NNNN_name.sql: \(file)")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        for (index, migration) in migrations.enumerated() where migration.version != Int64(index + 1) {
            throw MigrationError("migrations must be numbered 1, 2, 3 … without gaps; found \(migration.version) at position \(index + 1)")
        }
        return migrations
    }
}

public struct MigrationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
