import Contracts
import Foundation
import Persistence
import PostgresNIO
import ServiceKit
import SwiftProtobuf

/// Records' events as certificates applies them: a reviewed record enters the approval queue. `InboxConsumer`
/// applies each event once, with its audit entry.
struct RecordEvents: Sendable {
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(RecordsEvents.taskReviewed, taskReviewed)
        return handlers
    }

    func taskReviewed(
        _ event: Metrology_Records_V1_TaskRecorded, _ context: EventContext, _ connection: PostgresConnection
    ) async throws -> AuditEvent? {
        guard try await ApprovalStore.receive(event, on: connection, logger: context.logger) else { return nil }
        let task = event.task
        return AuditEvent(
            actorID: task.reviewerID, actorName: task.reviewerName, action: "approval.queued", entityType: "task", entityID: task.id,
            summary: "原始记录 \(task.rawRecordNumber)（\(task.itemName)）核验通过，进入批准队列")
    }
}
