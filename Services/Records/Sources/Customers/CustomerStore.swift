import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// The customers table. Lists page by key (name, id), the order of `customers_name`.
struct CustomerStore: Sendable {
    let client: PostgresClient

    struct Query: Sendable {
        var text: String?
        var regionPrefix: String?
        var limit: Int
        /// The (name, id) of the last row of the previous page.
        var after: (name: String, id: UUID)?
    }

    static let columns = """
        c.id, c.name, c.uscc, c.address, c.contact_person, c.contact_phone, c.region_code, c.created_at, c.updated_at,
        (SELECT count(*) FROM instruments i WHERE i.customer_id = c.id) AS instrument_count
        """

    /// One page and the true count of the whole filtered list (not only the rows after the cursor).
    func list(_ query: Query, logger: Logger) async throws -> (customers: [CustomerRecord], total: Int64) {
        try await client.withConnection { connection in
            let pattern = query.text.map(LikePattern.containing)
            let region = query.regionPrefix.map { $0 + "%" }
            let afterName = query.after?.name
            let afterID = query.after?.id
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM customers c
                WHERE (\(pattern)::text IS NULL OR c.name ILIKE \(pattern) OR c.uscc ILIKE \(pattern) OR c.contact_person ILIKE \(pattern)
                       OR c.contact_phone ILIKE \(pattern))
                  AND (\(region)::text IS NULL OR c.region_code LIKE \(region))
                  AND (\(afterName)::text IS NULL OR (c.name, c.id) > (\(afterName), \(afterID)::uuid))
                ORDER BY c.name, c.id LIMIT \(query.limit)
                """, logger: logger)
            let customers = try await Self.decode(rows)
            var total: Int64 = 0
            for try await count in try await connection.query(
                """
                SELECT count(*) FROM customers c
                WHERE (\(pattern)::text IS NULL OR c.name ILIKE \(pattern) OR c.uscc ILIKE \(pattern) OR c.contact_person ILIKE \(pattern)
                       OR c.contact_phone ILIKE \(pattern))
                  AND (\(region)::text IS NULL OR c.region_code LIKE \(region))
                """, logger: logger
            ).decode(Int64.self) {
                total = count
            }
            return (customers, total)
        }
    }

    func customer(id: UUID, lock: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> CustomerRecord? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM customers c WHERE c.id = \(id) \(unescaped: lock ? "FOR UPDATE OF c" : "")", logger: logger)
        return try await Self.decode(rows).first
    }

    /// The customer holding `uscc`, other than `except`.
    func holder(of uscc: String, except: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            "SELECT id FROM customers WHERE uscc = \(uscc) AND (\(except)::uuid IS NULL OR id <> \(except)::uuid)", logger: logger)
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Inserts unless the USCC is taken (a race past `holder`); returns whether it was inserted.
    func insert(_ customer: CustomerRecord, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO customers (id, name, uscc, address, contact_person, contact_phone, region_code)
            VALUES (\(customer.id), \(customer.name), \(customer.uscc), \(customer.address), \(customer.contactPerson),
                    \(customer.contactPhone), \(customer.regionCode))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    func update(_ customer: CustomerRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE customers SET name = \(customer.name), uscc = \(customer.uscc), address = \(customer.address),
                contact_person = \(customer.contactPerson), contact_phone = \(customer.contactPhone), region_code = \(customer.regionCode),
                updated_at = now()
            WHERE id = \(customer.id)
            """, logger: logger)
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [CustomerRecord] {
        var found: [CustomerRecord] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            found.append(
                CustomerRecord(
                    id: try r["id"].decode(UUID.self), name: try r["name"].decode(String.self), uscc: try r["uscc"].decode(String.self),
                    address: try r["address"].decode(String.self), contactPerson: try r["contact_person"].decode(String.self),
                    contactPhone: try r["contact_phone"].decode(String.self), regionCode: try r["region_code"].decode(String.self),
                    instrumentCount: Int(try r["instrument_count"].decode(Int64.self)), createdAt: try r["created_at"].decode(Date.self),
                    updatedAt: try r["updated_at"].decode(Date.self)))
        }
        return found
    }
}
