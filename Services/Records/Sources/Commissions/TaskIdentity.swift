import Foundation
import Persistence

/// The id of the task a commission line becomes, derived from the commission and the line: every attempt to accept
/// the commission names the same task, so the raw-record number flows issues for it (its reference) and the task
/// row the acceptance writes agree, whichever attempt commits.
enum TaskIdentity {
    static func taskID(commission: UUID, line: UUID) -> UUID {
        let text = DerivedMessageID.make(parent: commission.uuidString.lowercased(), method: "records.task", step: line.uuidString.lowercased())
        return UUID(uuidString: text)!
    }
}
