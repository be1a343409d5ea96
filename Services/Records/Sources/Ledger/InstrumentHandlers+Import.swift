import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit

/// ImportInstruments: all rows of an .xlsx sheet or none.
///
/// The file is read and every row checked in `prepare`, before the transaction and off the broker connection's
/// thread (inflating and parsing up to 10 MiB would stall every other call on it, as `TemplateInspector` notes);
/// `prepare` runs only when no outcome is stored for the message id, so a retried import is answered from the
/// stored reply without reading the file again. In the transaction the rows are checked against the ledger, and any
/// violation at all refuses the whole file with RECORDS_LEDGER_IMPORT_INVALID; otherwise every line is inserted in
/// one statement, in the same transaction as the audit entry.
extension InstrumentHandlers {
    func parseImport(_ request: Metrology_Records_V1_ImportInstrumentsRequest, _ context: CallContext) async throws -> LedgerImportPlan {
        let customer = try CustomerValidation.customerID(request.customerID)
        guard !request.xlsx.isEmpty else {
            throw CustomerValidation.invalid("xlsx", "请选择要导入的 .xlsx 文件", "RECORDS_LEDGER_FILE_INVALID")
        }
        let data = request.xlsx
        let today = CalendarDay.today
        let outcome = await Task.detached { () -> Result<LedgerImportPlan, any Error> in
            Result { try LedgerImportPlan.read(data, customer: customer, today: today) }
        }.value
        return try outcome.get()
    }

    func importInstruments(
        _ request: Metrology_Records_V1_ImportInstrumentsRequest, _ plan: LedgerImportPlan, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_ImportInstrumentsResponse {
        let customerID = try CustomerValidation.customerID(request.customerID)
        guard let customer = try await customers.customer(id: customerID, on: connection, logger: context.logger) else {
            throw CustomerValidation.notFound
        }
        var violations = plan.violations
        let taken = try await store.existing(plan.lines.map(\.instrument.key), of: customerID, on: connection, logger: context.logger)
        violations += plan.lines.filter { taken.contains($0.instrument.key) }.map { plan.duplicateInLedger(row: $0.row) }
        guard violations.isEmpty else { throw ImportViolation.refusal(violations) }

        let inserted = try await store.insert(plan.lines.map(\.instrument), on: connection, logger: context.logger)
        // A line another write added between the check and the insert: the same refusal, and the rollback undoes the rest.
        let raced = plan.lines.filter { !inserted.contains($0.instrument.id) }
        guard raced.isEmpty else { throw ImportViolation.refusal(raced.map { plan.duplicateInLedger(row: $0.row) }) }

        let filename = String(request.filename.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        try await context.audit(
            "instrument.imported", entityType: "customer", entityID: customer.idString,
            summary: "从文件\(filename.isEmpty ? "" : "“\(filename)”")导入 \(plan.lines.count) 台计量器具到委托单位 \(customer.name) 的台账",
            details: [
                "count": "\(plan.lines.count)", "filename": filename, "sha256": plan.digest,
                "firstInstrumentId": plan.lines.first?.instrument.idString ?? "",
            ], on: connection)
        var response = Metrology_Records_V1_ImportInstrumentsResponse()
        response.imported = Int32(plan.lines.count)
        response.instruments = try await store.instruments(ids: plan.lines.map(\.instrument.id), on: connection, logger: context.logger).map(
            \.message)
        return response
    }
}
