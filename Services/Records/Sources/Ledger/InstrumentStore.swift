import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// The instruments table (计量器具台账). Lists page by key (name, id).
struct InstrumentStore: Sendable {
    let client: PostgresClient

    struct Query: Sendable {
        var customerID: UUID?
        var text: String?
        var mandatoryOnly: Bool
        var status: String?
        /// YYYY-MM-DD: only instruments due on or before it.
        var dueBefore: String?
        var limit: Int
        var after: (name: String, id: UUID)?
    }

    static let columns = """
        i.id, i.customer_id, c.name AS customer_name, i.name, i.model, i.serial_number, i.manufacturer,
        COALESCE(to_char(i.manufacture_date, 'YYYY-MM-DD'), '') AS manufacture_date, i.accuracy_class, i.measuring_range, i.place_of_use,
        i.mandatory, i.mandatory_use, i.item_id, i.cycle_months,
        COALESCE(to_char(i.last_verified_on, 'YYYY-MM-DD'), '') AS last_verified_on,
        COALESCE(to_char(i.next_due_on, 'YYYY-MM-DD'), '') AS next_due_on, i.status, i.created_at, i.updated_at
        """

    func list(_ query: Query, logger: Logger) async throws -> (instruments: [InstrumentRecord], total: Int64) {
        try await client.withConnection { connection in
            let pattern = query.text.map(LikePattern.containing)
            let afterName = query.after?.name
            let afterID = query.after?.id
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM instruments i JOIN customers c ON c.id = i.customer_id
                WHERE (\(query.customerID)::uuid IS NULL OR i.customer_id = \(query.customerID)::uuid)
                  AND (\(pattern)::text IS NULL OR i.name ILIKE \(pattern) OR i.model ILIKE \(pattern) OR i.serial_number ILIKE \(pattern)
                       OR i.manufacturer ILIKE \(pattern) OR i.place_of_use ILIKE \(pattern))
                  AND (NOT \(query.mandatoryOnly) OR i.mandatory)
                  AND (\(query.status)::text IS NULL OR i.status = \(query.status))
                  AND (\(query.dueBefore)::date IS NULL OR i.next_due_on <= \(query.dueBefore)::date)
                  AND (\(afterName)::text IS NULL OR (i.name, i.id) > (\(afterName), \(afterID)::uuid))
                ORDER BY i.name, i.id LIMIT \(query.limit)
                """, logger: logger)
            let instruments = try await Self.decode(rows)
            var total: Int64 = 0
            for try await count in try await connection.query(
                """
                SELECT count(*) FROM instruments i
                WHERE (\(query.customerID)::uuid IS NULL OR i.customer_id = \(query.customerID)::uuid)
                  AND (\(pattern)::text IS NULL OR i.name ILIKE \(pattern) OR i.model ILIKE \(pattern) OR i.serial_number ILIKE \(pattern)
                       OR i.manufacturer ILIKE \(pattern) OR i.place_of_use ILIKE \(pattern))
                  AND (NOT \(query.mandatoryOnly) OR i.mandatory)
                  AND (\(query.status)::text IS NULL OR i.status = \(query.status))
                  AND (\(query.dueBefore)::date IS NULL OR i.next_due_on <= \(query.dueBefore)::date)
                """, logger: logger
            ).decode(Int64.self) {
                total = count
            }
            return (instruments, total)
        }
    }

    func instrument(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> InstrumentRecord? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM instruments i JOIN customers c ON c.id = i.customer_id
            WHERE i.id = \(id) \(unescaped: lock ? "FOR UPDATE OF i" : "")
            """, logger: logger)
        return try await Self.decode(rows).first
    }

    func instruments(ids: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [InstrumentRecord] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM instruments i JOIN customers c ON c.id = i.customer_id
            WHERE i.id = ANY(\(ids)) ORDER BY array_position(\(ids), i.id)
            """, logger: logger)
        return try await Self.decode(rows)
    }

    /// The ledger lines of a customer with one of `keys`, other than `except`.
    func existing(
        _ keys: [InstrumentKey], of customer: UUID, except: UUID? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<InstrumentKey> {
        guard !keys.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT i.name, i.model, i.serial_number FROM instruments i
            JOIN unnest(\(keys.map(\.name))::text[], \(keys.map(\.model))::text[], \(keys.map(\.serialNumber))::text[]) AS k (name, model, serial_number)
              ON i.name = k.name AND i.model = k.model AND i.serial_number = k.serial_number
            WHERE i.customer_id = \(customer) AND (\(except)::uuid IS NULL OR i.id <> \(except)::uuid)
            """, logger: logger)
        var found: Set<InstrumentKey> = []
        for try await (name, model, serial) in rows.decode((String, String, String).self) {
            found.insert(InstrumentKey(name: name, model: model, serialNumber: serial))
        }
        return found
    }

    /// Inserts the lines in one statement; returns the ids actually inserted (a line whose key another transaction
    /// took meanwhile is skipped, and the caller refuses the whole write).
    func insert(_ instruments: [InstrumentRecord], on connection: PostgresConnection, logger: Logger) async throws -> Set<UUID> {
        guard !instruments.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            INSERT INTO instruments (id, customer_id, name, model, serial_number, manufacturer, manufacture_date, accuracy_class,
                                     measuring_range, place_of_use, mandatory, mandatory_use, item_id, cycle_months, status)
            SELECT r.id, r.customer_id, r.name, r.model, r.serial_number, r.manufacturer, NULLIF(r.manufacture_date, '')::date, r.accuracy_class,
                   r.measuring_range, r.place_of_use, r.mandatory, r.mandatory_use, r.item_id, r.cycle_months, r.status
            FROM unnest(\(instruments.map(\.id))::uuid[], \(instruments.map(\.customerID))::uuid[], \(instruments.map(\.name))::text[],
                        \(instruments.map(\.model))::text[], \(instruments.map(\.serialNumber))::text[], \(instruments.map(\.manufacturer))::text[],
                        \(instruments.map(\.manufactureDate))::text[], \(instruments.map(\.accuracyClass))::text[], \(instruments.map(\.measuringRange))::text[],
                        \(instruments.map(\.placeOfUse))::text[], \(instruments.map(\.mandatory))::boolean[], \(instruments.map(\.mandatoryUse))::text[],
                        \(instruments.map(\.itemID))::text[], \(instruments.map(\.cycleMonths))::integer[], \(instruments.map(\.status))::text[])
                 AS r (id, customer_id, name, model, serial_number, manufacturer, manufacture_date, accuracy_class, measuring_range,
                       place_of_use, mandatory, mandatory_use, item_id, cycle_months, status)
            ON CONFLICT (customer_id, name, model, serial_number) DO NOTHING
            RETURNING id
            """, logger: logger)
        var inserted: Set<UUID> = []
        for try await id in rows.decode(UUID.self) { inserted.insert(id) }
        return inserted
    }

    /// Writes the editable fields; a changed cycle moves the next due date with it (last verified + cycle).
    func update(_ instrument: InstrumentRecord, on connection: PostgresConnection, logger: Logger) async throws {
        let date = instrument.manufactureDate.isEmpty ? nil : instrument.manufactureDate
        try await connection.query(
            """
            UPDATE instruments SET name = \(instrument.name), model = \(instrument.model), serial_number = \(instrument.serialNumber),
                manufacturer = \(instrument.manufacturer), manufacture_date = \(date)::date, accuracy_class = \(instrument.accuracyClass),
                measuring_range = \(instrument.measuringRange), place_of_use = \(instrument.placeOfUse), mandatory = \(instrument.mandatory),
                mandatory_use = \(instrument.mandatoryUse), item_id = \(instrument.itemID), cycle_months = \(instrument.cycleMonths),
                status = \(instrument.status),
                next_due_on = CASE WHEN last_verified_on IS NULL THEN next_due_on
                                   ELSE (last_verified_on + make_interval(months => \(instrument.cycleMonths)::integer))::date END,
                updated_at = now()
            WHERE id = \(instrument.id)
            """, logger: logger)
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [InstrumentRecord] {
        var found: [InstrumentRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            found.append(
                InstrumentRecord(
                    id: try r["id"].decode(UUID.self), customerID: try r["customer_id"].decode(UUID.self),
                    customerName: try r["customer_name"].decode(String.self), name: try r["name"].decode(String.self),
                    model: try r["model"].decode(String.self), serialNumber: try r["serial_number"].decode(String.self),
                    manufacturer: try r["manufacturer"].decode(String.self), manufactureDate: try r["manufacture_date"].decode(String.self),
                    accuracyClass: try r["accuracy_class"].decode(String.self), measuringRange: try r["measuring_range"].decode(String.self),
                    placeOfUse: try r["place_of_use"].decode(String.self), mandatory: try r["mandatory"].decode(Bool.self),
                    mandatoryUse: try r["mandatory_use"].decode(String.self), itemID: try r["item_id"].decode(String.self),
                    cycleMonths: Int(try r["cycle_months"].decode(Int32.self)), lastVerifiedOn: try r["last_verified_on"].decode(String.self),
                    nextDueOn: try r["next_due_on"].decode(String.self), status: try r["status"].decode(String.self),
                    createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self)))
        }
        return found
    }
}
