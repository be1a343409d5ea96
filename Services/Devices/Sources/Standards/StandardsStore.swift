import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// The SQL of measurement standards and equipment (tables of migration 0003, in the service's own schema).
struct StandardsStore: Sendable {
    let client: PostgresClient

    static let columns = """
        s.id, s.code, s.name, s.model, s.serial_number, s.measuring_range, s.accuracy, s.kind, s.category, s.status, s.status_reason, s.quarantined_at,
        s.cert_number, s.cert_issuer, to_char(s.cert_issued_on, 'YYYY-MM-DD') AS cert_issued_on,
        to_char(s.cert_valid_until, 'YYYY-MM-DD') AS cert_valid_until, s.created_at, s.updated_at
        """

    // MARK: Reading

    /// - Parameter lock: takes the row lock, for changes that read and then write the standard.
    func standard(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> StandardRecord? {
        let rows =
            lock
            ? try await connection.query("SELECT \(unescaped: Self.columns) FROM standards s WHERE s.id = \(id) FOR UPDATE", logger: logger)
            : try await connection.query("SELECT \(unescaped: Self.columns) FROM standards s WHERE s.id = \(id)", logger: logger)
        return try await standards(rows, on: connection, logger: logger).first
    }

    /// The standards with these ids, without checks and correction factors (for the usability check).
    func bare(ids: [UUID], logger: Logger) async throws -> [UUID: StandardRecord] {
        try await client.withConnection { connection in
            let rows = try await connection.query("SELECT \(unescaped: Self.columns) FROM standards s WHERE s.id = ANY(\(ids))", logger: logger)
            var found: [UUID: StandardRecord] = [:]
            for try await row in rows {
                let record = try Self.record(row.makeRandomAccess())
                found[record.id] = record
            }
            return found
        }
    }

    /// The standards with these ids as registered, checks and current correction factors included (the usability
    /// check answers each one in full, so records can keep what was used).
    func full(ids: [UUID], logger: Logger) async throws -> [UUID: StandardRecord] {
        try await client.withConnection { connection in
            let rows = try await connection.query("SELECT \(unescaped: Self.columns) FROM standards s WHERE s.id = ANY(\(ids))", logger: logger)
            let found = try await standards(rows, on: connection, logger: logger)
            return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    struct ListQuery: Sendable {
        var status: String?
        var text: String?
        /// Only certificates valid until this day or earlier (expired ones included).
        var validUntilAtMost: CalendarDay?
        var limit: Int
        var offset: Int
    }

    func list(_ query: ListQuery, logger: Logger) async throws -> (standards: [StandardRecord], total: Int64) {
        try await client.withConnection { connection in
            let pattern = query.text.map(LikePattern.containing)
            let until = query.validUntilAtMost?.description
            // Expiring first when asking what expires; by code otherwise. count(*) OVER () is the filtered total.
            let order = until == nil ? "s.code, s.id" : "s.cert_valid_until, s.code, s.id"
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns), count(*) OVER () AS total FROM standards s
                WHERE (\(query.status)::text IS NULL OR s.status = \(query.status))
                  AND (\(pattern)::text IS NULL OR s.code ILIKE \(pattern) OR s.name ILIKE \(pattern) OR s.model ILIKE \(pattern)
                       OR s.serial_number ILIKE \(pattern))
                  AND (\(until)::date IS NULL OR s.cert_valid_until <= \(until)::date)
                ORDER BY \(unescaped: order) LIMIT \(query.limit) OFFSET \(query.offset)
                """, logger: logger)
            var counted: Int64?
            let found = try await standards(rows, on: connection, logger: logger) { counted = $0 }
            let total = try await PageRequest.total(counted: counted, offset: query.offset) {
                var total: Int64 = 0
                let count = try await connection.query(
                    """
                    SELECT count(*) FROM standards s
                    WHERE (\(query.status)::text IS NULL OR s.status = \(query.status))
                      AND (\(pattern)::text IS NULL OR s.code ILIKE \(pattern) OR s.name ILIKE \(pattern) OR s.model ILIKE \(pattern)
                           OR s.serial_number ILIKE \(pattern))
                      AND (\(until)::date IS NULL OR s.cert_valid_until <= \(until)::date)
                    """, logger: logger)
                for try await value in count.decode(Int64.self) { total = value }
                return total
            }
            return (found, total)
        }
    }

    private func standards(
        _ rows: PostgresRowSequence, on connection: PostgresConnection, logger: Logger, total: (Int64) -> Void = { _ in }
    ) async throws -> [StandardRecord] {
        var found: [StandardRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            if r.contains("total") { total(try r["total"].decode(Int64.self)) }
            found.append(try Self.record(r))
        }
        guard !found.isEmpty else { return [] }
        let ids = found.map(\.id)
        let checks = try await checks(of: ids, on: connection, logger: logger)
        let factors = try await currentFactors(of: ids, on: connection, logger: logger)
        for index in found.indices {
            found[index].checks = checks[found[index].id] ?? []
            if let current = factors[found[index].id] {
                found[index].correctionVersion = current.version
                found[index].correctionFactors = current.factors
            }
        }
        return found
    }

    private static func record(_ r: PostgresRandomAccessRow) throws -> StandardRecord {
        var certificate: StandardCertificate?
        if let number = try r["cert_number"].decode(String?.self), let issuer = try r["cert_issuer"].decode(String?.self),
            let issued = try r["cert_issued_on"].decode(String?.self).flatMap(CalendarDay.init),
            let validUntil = try r["cert_valid_until"].decode(String?.self).flatMap(CalendarDay.init)
        {
            certificate = StandardCertificate(number: number, issuer: issuer, issuedOn: issued, validUntil: validUntil)
        }
        return StandardRecord(
            id: try r["id"].decode(UUID.self), code: try r["code"].decode(String.self), name: try r["name"].decode(String.self),
            model: try r["model"].decode(String.self), serialNumber: try r["serial_number"].decode(String.self),
            measuringRange: try r["measuring_range"].decode(String.self), accuracy: try r["accuracy"].decode(String.self),
            kind: try r["kind"].decode(String.self), category: try r["category"].decode(String.self), status: try r["status"].decode(String.self),
            statusReason: try r["status_reason"].decode(String.self),
            quarantinedAt: try r["quarantined_at"].decode(Date?.self), certificate: certificate, createdAt: try r["created_at"].decode(Date.self),
            updatedAt: try r["updated_at"].decode(Date.self))
    }

    /// Intermediate checks per standard, newest first.
    func checks(of ids: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [UUID: [StandardCheckRecord]] {
        let rows = try await connection.query(
            """
            SELECT id, standard_id, to_char(checked_on, 'YYYY-MM-DD'), result, note, checked_by, checked_by_name
            FROM standard_checks WHERE standard_id = ANY(\(ids)) ORDER BY checked_on DESC, recorded_at DESC, id
            """, logger: logger)
        var result: [UUID: [StandardCheckRecord]] = [:]
        for try await (id, standard, checkedOn, outcome, note, by, byName) in rows.decode((UUID, UUID, String, String, String, String, String).self) {
            result[standard, default: []].append(
                StandardCheckRecord(
                    id: id, standardID: standard, checkedOn: checkedOn, result: outcome, note: note, checkedBy: by, checkedByName: byName))
        }
        return result
    }

    /// The latest correction factor version of each standard that has one.
    func currentFactors(
        of ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [UUID: (version: Int, factors: [StandardCorrectionFactor])]
    {
        let rows = try await connection.query(
            """
            SELECT l.standard_id, l.version, f.point, f.value, f.unit
            FROM (SELECT standard_id, max(version) AS version FROM standard_correction_versions
                  WHERE standard_id = ANY(\(ids)) GROUP BY standard_id) l
            LEFT JOIN standard_correction_factors f ON f.standard_id = l.standard_id AND f.version = l.version
            ORDER BY l.standard_id, f.position
            """, logger: logger)
        var result: [UUID: (version: Int, factors: [StandardCorrectionFactor])] = [:]
        for try await (standard, version, point, value, unit) in rows.decode((UUID, Int, String?, String?, String?).self) {
            var current = result[standard] ?? (version, [])
            if let point, let value { current.factors.append(StandardCorrectionFactor(point: point, value: value, unit: unit ?? "")) }
            result[standard] = current
        }
        return result
    }

    /// Every correction factor version of a standard, newest first.
    func correctionVersions(of id: UUID, logger: Logger) async throws -> [StandardCorrectionVersionRecord] {
        try await client.withConnection { connection in
            var versions: [StandardCorrectionVersionRecord] = []
            let rows = try await connection.query(
                """
                SELECT version, reason, changed_by, changed_by_name, changed_at FROM standard_correction_versions
                WHERE standard_id = \(id) ORDER BY version DESC
                """, logger: logger)
            for try await (version, reason, by, byName, at) in rows.decode((Int, String, String, String, Date).self) {
                versions.append(
                    StandardCorrectionVersionRecord(
                        version: version, factors: [], reason: reason, changedBy: by, changedByName: byName, changedAt: at))
            }
            var factors: [Int: [StandardCorrectionFactor]] = [:]
            let factorRows = try await connection.query(
                "SELECT version, point, value, unit FROM standard_correction_factors WHERE standard_id = \(id) ORDER BY version, position",
                logger: logger)
            for try await (version, point, value, unit) in factorRows.decode((Int, String, String, String).self) {
                factors[version, default: []].append(StandardCorrectionFactor(point: point, value: value, unit: unit))
            }
            for index in versions.indices { versions[index].factors = factors[versions[index].version] ?? [] }
            return versions
        }
    }

    /// Whether a quarantine that began at `since` is cleared: a passing intermediate check, or a calibration, recorded
    /// after that instant and dated (checked on / issued on) no earlier than its day in China Standard Time.
    func quarantineCleared(of id: UUID, since: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM standard_checks WHERE standard_id = \(id) AND result = 'pass' AND recorded_at > \(since)
                             AND checked_on >= (\(since)::timestamptz AT TIME ZONE 'Asia/Shanghai')::date)
                OR EXISTS (SELECT 1 FROM standard_calibrations WHERE standard_id = \(id) AND recorded_at > \(since)
                             AND issued_on >= (\(since)::timestamptz AT TIME ZONE 'Asia/Shanghai')::date)
            """, logger: logger)
        for try await cleared in rows.decode(Bool.self) { return cleared }
        return false
    }

    // MARK: Writing

    /// Creates a standard unless its code is taken (in any letter case); returns whether it was created.
    func insert(
        _ standard: StandardRecord, by actor: (id: String, name: String), on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let inserted = try await connection.query(
            """
            INSERT INTO standards (id, code, name, model, serial_number, measuring_range, accuracy, kind, category, status)
            VALUES (\(standard.id), \(standard.code), \(standard.name), \(standard.model), \(standard.serialNumber), \(standard.measuringRange),
                    \(standard.accuracy), \(standard.kind), \(standard.category), 'in_use')
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        var created = false
        for try await _ in inserted { created = true }
        guard created else { return false }
        if let certificate = standard.certificate {
            try await recordCalibration(of: standard.id, certificate, by: actor, on: connection, logger: logger)
        }
        return true
    }

    func update(_ standard: StandardRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE standards SET name = \(standard.name), model = \(standard.model), serial_number = \(standard.serialNumber),
                measuring_range = \(standard.measuringRange), accuracy = \(standard.accuracy), category = \(standard.category),
                updated_at = now()
            WHERE id = \(standard.id)
            """, logger: logger)
    }

    /// Sets the status; entering quarantine (again) restarts what must clear it.
    func setStatus(of id: UUID, to status: String, reason: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE standards SET status = \(status), status_reason = \(reason), status_changed_at = now(), updated_at = now(),
                quarantined_at = CASE WHEN \(status) = 'quarantined' THEN now() ELSE quarantined_at END
            WHERE id = \(id)
            """, logger: logger)
    }

    /// Keeps the certificate in the history and makes it the current one.
    func recordCalibration(
        of id: UUID, _ certificate: StandardCertificate, by actor: (id: String, name: String), on connection: PostgresConnection, logger: Logger
    ) async throws {
        let issued = certificate.issuedOn.description
        let validUntil = certificate.validUntil.description
        try await connection.query(
            """
            INSERT INTO standard_calibrations (id, standard_id, number, issuer, issued_on, valid_until, recorded_by, recorded_by_name)
            VALUES (\(UUID()), \(id), \(certificate.number), \(certificate.issuer), \(issued)::date, \(validUntil)::date, \(actor.id), \(actor.name))
            """, logger: logger)
        try await connection.query(
            """
            UPDATE standards SET cert_number = \(certificate.number), cert_issuer = \(certificate.issuer), cert_issued_on = \(issued)::date,
                cert_valid_until = \(validUntil)::date, updated_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    func insertCheck(_ check: StandardCheckRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO standard_checks (id, standard_id, checked_on, result, note, checked_by, checked_by_name)
            VALUES (\(check.id), \(check.standardID), \(check.checkedOn)::date, \(check.result), \(check.note), \(check.checkedBy), \(check.checkedByName))
            """, logger: logger)
        try await connection.query("UPDATE standards SET updated_at = now() WHERE id = \(check.standardID)", logger: logger)
    }

    /// Adds the next correction factor version (the caller holds the standard's row lock); returns its number.
    func addCorrectionVersion(
        of id: UUID, _ factors: [StandardCorrectionFactor], reason: String, by actor: (id: String, name: String), on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        var version = 1
        for try await next in try await connection.query(
            "SELECT COALESCE(max(version), 0) + 1 FROM standard_correction_versions WHERE standard_id = \(id)", logger: logger
        ).decode(Int.self) {
            version = next
        }
        try await connection.query(
            """
            INSERT INTO standard_correction_versions (standard_id, version, reason, changed_by, changed_by_name)
            VALUES (\(id), \(version), \(reason), \(actor.id), \(actor.name))
            """, logger: logger)
        if !factors.isEmpty {
            try await connection.query(
                """
                INSERT INTO standard_correction_factors (standard_id, version, position, point, value, unit)
                SELECT \(id), \(version), f.position, f.point, f.value, f.unit
                FROM unnest(\(factors.map(\.point))::text[], \(factors.map(\.value))::text[], \(factors.map(\.unit))::text[])
                     WITH ORDINALITY AS f (point, value, unit, position)
                """, logger: logger)
        }
        try await connection.query("UPDATE standards SET updated_at = now() WHERE id = \(id)", logger: logger)
        return version
    }
}
