import Contracts
import Foundation
import Logging
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// The writes of the read model: one upsert per event into `results`, each guarded so that an older event never
/// overwrites a newer row. The columns have one owner each: records' events write the task's, customer's and
/// instrument's columns (ordered by the task's revision, then the event's time), certificates' events write the
/// certificate's (ordered by the event's time). A certificate event that finds no row yet (its producer's queue can
/// run ahead of records') also writes the task's columns from the task it carries, but as the oldest possible records
/// version, so that records' own event overwrites them when it comes. Applied in any order the result is the same as
/// records' log replayed and then certificates' (what a rebuild does): the last event of each owner wins.
enum ResultsStore {
    static func applyRecord(
        task: Metrology_Records_V1_Task, customer: Metrology_Records_V1_Customer?, at time: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard let taskID = UUID(uuidString: task.id) else { return }
        let data = DataItems(task: task)
        let instrument = task.instrument
        let conclusion = task.conclusion
        let passed: Bool? = conclusion.isEmpty ? nil : !conclusion.contains("不合格")
        let customerAddress = customer?.address ?? ""
        let creditCode = customer?.uscc ?? ""
        let regionCode = customer?.regionCode ?? ""
        let regionName = customer?.regionName ?? ""
        let customerName = task.customerName.isEmpty ? (customer?.name ?? "") : task.customerName
        try await connection.query(
            """
            INSERT INTO results (
                task_id, raw_record_number, commission_number, item_id, item_code, item_name, type_code, type_title, procedure_version,
                record_state, customer_id, customer_name, customer_address, customer_credit_code, customer_region_code, customer_region_name,
                instrument_id, instrument_name, instrument_model, instrument_serial, instrument_manufacturer, instrument_manufacture_date,
                instrument_accuracy_class, instrument_range, instrument_place, instrument_mandatory, instrument_use,
                tester_id, tester_name, reviewer_id, reviewer_name, test_date, submitted_at, reviewed_at, conclusion, passed, data,
                records_revision, records_event_at, updated_at)
            VALUES (
                \(taskID), \(task.rawRecordNumber), \(task.commissionNumber), \(task.itemID), \(task.itemCode), \(task.itemName),
                \(task.typeCode), \(task.typeTitle), \(task.procedureVersion), \(task.state), \(task.customerID), \(customerName),
                \(customerAddress), \(creditCode), \(regionCode), \(regionName),
                \(instrument.id), \(instrument.name), \(instrument.model), \(instrument.serialNumber), \(instrument.manufacturer),
                \(day(instrument.manufactureDate))::date, \(instrument.accuracyClass), \(instrument.measuringRange), \(instrument.placeOfUse),
                \(instrument.mandatory), \(instrument.mandatory ? instrument.mandatoryUse : ""),
                \(task.testerID), \(task.testerName), \(task.reviewerID), \(task.reviewerName), \(day(task.testDate))::date,
                \(task.hasSubmittedAt ? task.submittedAt.date : nil), \(task.hasReviewedAt ? task.reviewedAt.date : nil),
                \(conclusion), \(passed), \(data.json)::jsonb, \(task.revision), \(time), now())
            ON CONFLICT (task_id) DO UPDATE SET
                raw_record_number = EXCLUDED.raw_record_number, commission_number = EXCLUDED.commission_number,
                item_id = EXCLUDED.item_id, item_code = EXCLUDED.item_code, item_name = EXCLUDED.item_name, type_code = EXCLUDED.type_code,
                type_title = EXCLUDED.type_title, procedure_version = EXCLUDED.procedure_version, record_state = EXCLUDED.record_state,
                customer_id = EXCLUDED.customer_id, customer_name = EXCLUDED.customer_name, customer_address = EXCLUDED.customer_address,
                customer_credit_code = EXCLUDED.customer_credit_code, customer_region_code = EXCLUDED.customer_region_code,
                customer_region_name = EXCLUDED.customer_region_name, instrument_id = EXCLUDED.instrument_id,
                instrument_name = EXCLUDED.instrument_name, instrument_model = EXCLUDED.instrument_model,
                instrument_serial = EXCLUDED.instrument_serial, instrument_manufacturer = EXCLUDED.instrument_manufacturer,
                instrument_manufacture_date = EXCLUDED.instrument_manufacture_date,
                instrument_accuracy_class = EXCLUDED.instrument_accuracy_class, instrument_range = EXCLUDED.instrument_range,
                instrument_place = EXCLUDED.instrument_place, instrument_mandatory = EXCLUDED.instrument_mandatory,
                instrument_use = EXCLUDED.instrument_use, tester_id = EXCLUDED.tester_id, tester_name = EXCLUDED.tester_name,
                reviewer_id = EXCLUDED.reviewer_id, reviewer_name = EXCLUDED.reviewer_name, test_date = EXCLUDED.test_date,
                submitted_at = EXCLUDED.submitted_at, reviewed_at = EXCLUDED.reviewed_at, conclusion = EXCLUDED.conclusion,
                passed = EXCLUDED.passed, data = EXCLUDED.data, records_revision = EXCLUDED.records_revision,
                records_event_at = EXCLUDED.records_event_at, updated_at = now()
            WHERE (results.records_revision, coalesce(results.records_event_at, '-infinity'))
                < (EXCLUDED.records_revision, EXCLUDED.records_event_at)
            """, logger: logger)
        try await recordDataFields(data, itemCode: task.itemCode, on: connection, logger: logger)
    }

    static func applyCertificate(
        _ event: Metrology_Certificates_V1_CertificateChanged, at time: Date, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        let certificate = event.certificate
        guard let taskID = UUID(uuidString: certificate.taskID.isEmpty ? event.task.id : certificate.taskID) else { return }
        if event.hasTask {
            // The row as the certificate's task gives it, for the case records' event has not come yet: written as
            // revision -1 at the epoch, so it never replaces records' columns and any records event replaces it.
            var task = event.task
            task.id = taskID.uuidString
            task.revision = -1
            try await applyRecord(
                task: task, customer: event.hasCustomer ? event.customer : nil, at: .init(timeIntervalSince1970: 0), on: connection, logger: logger)
        } else {
            try await connection.query(
                "INSERT INTO results (task_id) VALUES (\(taskID)) ON CONFLICT (task_id) DO NOTHING", logger: logger)
        }
        let voided = certificate.state == "voided"
        let file = voided && certificate.hasVoidedPdf ? certificate.voidedPdf.sha256 : certificate.pdf.sha256
        try await connection.query(
            """
            UPDATE results SET
                certificate_state = \(certificate.state), certificate_id = \(UUID(uuidString: certificate.id)),
                certificate_number = \(certificate.number), certificate_kind = \(certificate.kind), certificate_file_sha256 = \(file),
                approver_id = \(certificate.approverID), approver_name = \(certificate.approverName),
                approved_at = \(certificate.hasApprovedAt ? certificate.approvedAt.date : nil),
                issued_at = \(certificate.hasIssuedAt ? certificate.issuedAt.date : nil),
                voided_at = \(certificate.hasVoidedAt ? certificate.voidedAt.date : nil), void_reason = \(certificate.voidReason),
                valid_until = \(day(certificate.validUntil))::date, certificates_event_at = \(time), updated_at = now()
            WHERE task_id = \(taskID) AND coalesce(certificates_event_at, '-infinity') < \(time)
            """, logger: logger)
    }

    /// The data items seen, for the field catalogue: a code stays numeric while every value seen for it was a number.
    /// Only codes that change the catalogue are written: every result of an item names the same codes, and updating
    /// them all each time made every result's transaction wait for the previous one's locks on the same rows and
    /// left their dead versions behind (8.5 ms a result in the certificates benchmark, pg_stat_statements).
    private static func recordDataFields(_ data: DataItems, itemCode: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard !data.codes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO data_fields (code, item_codes, numeric)
            SELECT code, ARRAY[\(itemCode)]::text[], numeric FROM unnest(\(data.codes)::text[], \(data.numericFlags)::boolean[]) AS t(code, numeric)
             WHERE NOT EXISTS (SELECT FROM data_fields d WHERE d.code = t.code AND \(itemCode) = ANY (d.item_codes) AND (t.numeric OR NOT d.numeric))
            ON CONFLICT (code) DO UPDATE SET numeric = data_fields.numeric AND EXCLUDED.numeric,
                item_codes = ARRAY(SELECT DISTINCT c FROM unnest(data_fields.item_codes || EXCLUDED.item_codes) AS u(c) ORDER BY c)
            """, logger: logger)
    }

    /// "YYYY-MM-DD" for a real day, nil for "" or anything else (the column stays NULL rather than the event failing).
    static func day(_ text: String) -> String? {
        CalendarDay(text).map(\.description)
    }
}
