import Crypto
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Files kept for good, addressed by the SHA-256 of their content (`files`): storing the same bytes twice stores them
/// once, and a reference can never point at other content than it was made for.
enum FileStore {
    /// Stores `content` (if new) and returns its address.
    @discardableResult
    static func put(_ content: Data, mediaType: String, on connection: PostgresConnection, logger: Logger) async throws -> String {
        let sha256 = address(content)
        try await connection.query(
            """
            INSERT INTO files (sha256, media_type, size, content) VALUES (\(sha256), \(mediaType), \(Int64(content.count)), \(content))
            ON CONFLICT (sha256) DO NOTHING
            """, logger: logger)
        return sha256
    }

    /// Stores several files (those that are new) in one statement and returns their addresses in order: the issue
    /// process keeps four files a certificate, and a statement each was four round trips and four parses.
    @discardableResult
    static func putAll(_ files: [(content: Data, mediaType: String)], on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        guard !files.isEmpty else { return [] }
        let addresses = files.map { address($0.content) }
        try await connection.query(
            """
            INSERT INTO files (sha256, media_type, size, content)
            SELECT * FROM unnest(\(addresses)::text[], \(files.map(\.mediaType))::text[], \(files.map { Int64($0.content.count) })::int8[],
                \(files.map { ByteBuffer(bytes: $0.content) })::bytea[])
            ON CONFLICT (sha256) DO NOTHING
            """, logger: logger)
        return addresses
    }

    /// The address of `content`: its SHA-256 in lower-case hex.
    static func address(_ content: Data) -> String {
        SHA256.hash(data: content).hexEncoded
    }

    struct Metadata: Sendable {
        var sha256: String
        var mediaType: String
        var size: Int64
    }

    static func metadata(_ sha256: String, on connection: PostgresConnection, logger: Logger) async throws -> Metadata? {
        let rows = try await connection.query("SELECT media_type, size FROM files WHERE sha256 = \(sha256)", logger: logger)
        for try await (type, size) in rows.decode((String, Int64).self) { return Metadata(sha256: sha256, mediaType: type, size: size) }
        return nil
    }

    /// A slice of a file: with EXTERNAL storage PostgreSQL reads only the TOAST chunks the slice covers.
    static func read(_ sha256: String, offset: Int64, length: Int, on connection: PostgresConnection, logger: Logger) async throws -> Data? {
        // bytea's substring takes int4 positions; a bytea holds at most 1 GB, so a larger offset reads nothing.
        guard offset < Int64(Int32.max) else { return Data() }
        let rows = try await connection.query(
            "SELECT substring(content FROM \(Int32(offset + 1)) FOR \(Int32(clamping: length))) FROM files WHERE sha256 = \(sha256)", logger: logger)
        for try await slice in rows.decode(Data.self) { return slice }
        return nil
    }

    /// A whole file (templates and images the issue process works on; certificates are read in slices).
    static func content(_ sha256: String, on connection: PostgresConnection, logger: Logger) async throws -> Data? {
        for try await content in try await connection.query("SELECT content FROM files WHERE sha256 = \(sha256)", logger: logger).decode(Data.self) {
            return content
        }
        return nil
    }

    /// Several whole files with their media types, in one statement (the issue process's inputs).
    static func contents(
        _ addresses: Set<String>, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: (content: Data, mediaType: String)] {
        guard !addresses.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT sha256, media_type, content FROM files WHERE sha256 = ANY(\(Array(addresses)))", logger: logger)
        var found: [String: (content: Data, mediaType: String)] = [:]
        for try await (sha256, mediaType, content) in rows.decode((String, String, Data).self) { found[sha256] = (content, mediaType) }
        return found
    }
}
