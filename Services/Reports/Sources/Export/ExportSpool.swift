import Contracts
import Foundation
import Logging
import PostgresNIO
import RPCCore
import XLSXWriter

/// Writes a statistics query as .xlsx into the spool (`exports`, `export_chunks`) and reads it back by offset. The
/// query's rows stream from PostgreSQL into the writer and each full chunk goes to the table as soon as it is
/// complete, so the service holds about one chunk however many rows there are.
struct ExportSpool: Sendable {
    let database: PostgresClient

    /// Writes the file; returns its id, size and row count.
    func write(plan: StatisticsPlan, owner: String, filename: String, logger: Logger) async throws -> (id: UUID, size: Int64, rows: Int64) {
        let id = UUID()
        try await database.query(
            """
            DELETE FROM exports WHERE created_at < now() - make_interval(secs => \(ExportLimits.retentionSeconds))
            """, logger: logger)
        try await database.query("INSERT INTO exports (id, owner_id, filename) VALUES (\(id), \(owner), \(filename))", logger: logger)
        let buffer = SpoolBuffer()
        var columns = plan.columns.map(ExportCells.column)
        if plan.grouped {
            columns += [
                XLSXColumn(title: "数量", width: 10, format: .integer), XLSXColumn(title: "合格", width: 10, format: .integer),
                XLSXColumn(title: "不合格", width: 10, format: .integer), XLSXColumn(title: "合格率", width: 10, format: .percent(places: 1)),
            ]
        }
        var writer = try SheetWriters.make(sink: SpoolSink(buffer: buffer), sheetName: "统计报表", columns: columns)
        var size: Int64 = 0
        var rows: Int64 = 0
        do {
            let results = try await database.query(plan.page, logger: logger)
            for try await row in results {
                rows += 1
                guard rows <= Int64(ExportLimits.maxRows) else { throw ReportsErrors.exportTooLarge }
                let values = try StatisticsStore.row(row, plan: plan)
                var cells = zip(values.values, plan.columns).map { ExportCells.cell($0, field: $1) }
                if plan.grouped {
                    let judged = values.passed + values.failed
                    cells += [
                        .number(Double(values.count)), .number(Double(values.passed)), .number(Double(values.failed)),
                        judged == 0 ? .empty : .number(values.passRate),
                    ]
                }
                try writer.append(cells)
                while let chunk = buffer.take(ExportLimits.chunkSize) { size = try await store(chunk, id: id, at: size, logger: logger) }
            }
            try writer.finish()
            while let chunk = buffer.take(ExportLimits.chunkSize, all: true) { size = try await store(chunk, id: id, at: size, logger: logger) }
            try await database.query(
                "UPDATE exports SET size = \(size), rows = \(rows), complete = true WHERE id = \(id)", logger: logger)
        } catch {
            _ = try? await database.query("DELETE FROM exports WHERE id = \(id)", logger: logger)
            throw error
        }
        return (id, size, rows)
    }

    private func store(_ chunk: [UInt8], id: UUID, at offset: Int64, logger: Logger) async throws -> Int64 {
        try await database.query(
            "INSERT INTO export_chunks (export_id, \"offset\", content) VALUES (\(id), \(offset), \(Data(chunk)))", logger: logger)
        return offset + Int64(chunk.count)
    }

    /// At most `length` bytes of a complete export from `offset` (fewer at a chunk's end: the caller reads on from
    /// where it got to). REPORTS_EXPORT_NOT_FOUND for an id that is not the caller's, not complete or expired.
    func read(id: UUID, owner: String, offset: Int64, length: Int, logger: Logger) async throws -> Metrology_Reports_V1_ExportChunk {
        let rows = try await database.query(
            """
            SELECT filename, size, rows FROM exports WHERE id = \(id) AND owner_id = \(owner) AND complete
                AND created_at >= now() - make_interval(secs => \(ExportLimits.retentionSeconds))
            """, logger: logger)
        var chunk: Metrology_Reports_V1_ExportChunk?
        for try await (filename, size, count) in rows.decode((String, Int64, Int64).self) {
            var found = Metrology_Reports_V1_ExportChunk()
            found.exportID = id.uuidString.lowercased()
            found.filename = filename
            found.mediaType = ExportHandlers.mediaType
            found.size = size
            found.rows = count
            chunk = found
        }
        guard var chunk else { throw ReportsErrors.exportNotFound }
        guard offset >= 0, offset <= chunk.size else {
            throw ReportsErrors.invalid("offset", "读取位置超出文件大小", "REPORTS_EXPORT_OFFSET_INVALID")
        }
        chunk.offset = offset
        if offset < chunk.size {
            let parts = try await database.query(
                """
                SELECT substring(content FROM (\(offset) - "offset" + 1)::int FOR \(Int32(length))) FROM export_chunks
                WHERE export_id = \(id) AND "offset" <= \(offset) ORDER BY "offset" DESC LIMIT 1
                """, logger: logger)
            for try await bytes in parts.decode(Data.self) { chunk.content = bytes }
        }
        chunk.last = offset + Int64(chunk.content.count) >= chunk.size
        return chunk
    }
}
