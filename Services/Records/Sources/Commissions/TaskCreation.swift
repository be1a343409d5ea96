import Auth
import Contracts
import Foundation
import Logging
import PostgresNIO

/// The acceptance's writes, inside its transaction: the commission accepted, each line filled from what flows said,
/// and one task per line (state created, the procedure version pinned, its raw-record number).
enum TaskCreation {
    static func accept(
        _ commission: Metrology_Records_V1_Commission, _ prepared: CommissionAcceptance, by caller: Principal, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let id = prepared.commissionID
        try await connection.query(
            """
            UPDATE commissions SET state = 'accepted', decided_at = now(), decided_by = \(caller.userID), decided_by_name = \(caller.displayName)
            WHERE id = \(id)
            """, logger: logger)
        let customer = UUID(uuidString: commission.customerID)!
        for line in prepared.lines {
            try await connection.query(
                """
                UPDATE commission_lines SET item_code = \(line.itemCode), item_name = \(line.itemName), type_title = \(line.typeTitle),
                       tester_id = \(line.testerID), task_id = \(line.taskID)
                WHERE id = \(line.lineID) AND commission_id = \(id)
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO tasks (id, commission_id, line_id, customer_id, customer_name, instrument_id, item_id, item_code, item_name, type_code,
                                   type_title, procedure_version, raw_record_number, state, tester_id)
                SELECT \(line.taskID), l.commission_id, l.id, cu.id, cu.name, l.instrument_id, l.item_id, \(line.itemCode), \(line.itemName),
                       l.type_code, \(line.typeTitle), \(line.procedureVersion), \(line.rawRecordNumber), 'created', \(line.testerID)
                FROM commission_lines l JOIN customers cu ON cu.id = \(customer)
                WHERE l.id = \(line.lineID) AND l.commission_id = \(id)
                """, logger: logger)
        }
    }
}
