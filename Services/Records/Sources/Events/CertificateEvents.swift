import Contracts
import Foundation
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// Certificates' events as records applies them (approval is certificates' step, §4.3.11): a returned approval sends
/// the task back to its tester for data entry, as a returned review does; an issued certificate closes the task.
/// `InboxConsumer` applies each event once, with its audit entry.
struct CertificateEvents: Sendable {
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CertificatesEvents.approvalReturned, approvalReturned)
        handlers.on(CertificatesEvents.certificateIssued, certificateIssued)
        return handlers
    }

    func approvalReturned(
        _ event: Metrology_Certificates_V1_ApprovalReturned, _ context: EventContext, _ connection: PostgresConnection
    ) async throws -> AuditEvent? {
        guard let id = UUID(uuidString: event.taskID), let row = try await TaskStore.lock(id, on: connection, logger: context.logger),
            row.state == "reviewed"
        else { return nil }
        let reason = "批准退回：\(event.reason)"
        try await SubmissionStore.markReturned(id, reason: reason, on: connection, logger: context.logger)
        guard let task = try await TaskReader.task(id, detail: true, on: connection, logger: context.logger) else { return nil }
        var returned = Metrology_Records_V1_TaskReturned()
        returned.task = task
        returned.reason = reason
        returned.reviewerID = event.approverID
        returned.reviewerName = event.approverName
        try await Outbox.append(
            RecordsEvents.taskReturned, subject: row.idString, payload: returned, trace: context.trace, on: connection, logger: context.logger)
        return AuditEvent(
            actorID: event.approverID, actorName: event.approverName, action: "task.returned", entityType: "task", entityID: row.idString,
            summary: "\(event.approverName) 批准时退回原始记录 \(row.rawRecordNumber)（\(row.itemName)）：\(event.reason)")
    }

    func certificateIssued(
        _ event: Metrology_Certificates_V1_CertificateChanged, _ context: EventContext, _ connection: PostgresConnection
    ) async throws -> AuditEvent? {
        let certificate = event.certificate
        guard let id = UUID(uuidString: certificate.taskID) else { return nil }
        let rows = try await connection.query(
            """
            UPDATE tasks SET state = 'approved', certificate_number = \(certificate.number), approved_at = \(certificate.approvedAt.date),
                updated_at = now()
            WHERE id = \(id) AND state = 'reviewed' RETURNING raw_record_number
            """, logger: context.logger)
        for try await number in rows.decode(String.self) {
            return AuditEvent(
                actorID: certificate.approverID, actorName: certificate.approverName, action: "task.approved", entityType: "task",
                entityID: certificate.taskID, summary: "原始记录 \(number) 已批准，出具证书 \(certificate.number)")
        }
        return nil
    }
}
