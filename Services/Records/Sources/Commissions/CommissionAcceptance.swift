import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit

/// What AcceptCommission learns from identity and flows before its transaction opens (router.write's prepare): for
/// each line the item's code and name, the type's title, the procedure version work started today uses, the
/// raw-record number and the assigned tester.
///
/// Calls, all through `context.call` (derived message ids): identity CheckQualification for each assigned tester
/// (step "tester/<line>"), flows CheckItemUsable ("usable/<line>") and GetItem ("item/<item>"), and only when every
/// line passed, flows IssueNumber ("raw-record-number/<line>", target raw_record, reference the line's task id). A
/// retry of the same acceptance (same message id) reaches IssueNumber's stored outcomes: the same numbers, none
/// taken again. Numbers are taken last so that a line refused for its item takes no number for the others; the
/// acceptor's entitlement to the rule is flows' decision (FLOWS_NUMBERING_NOT_ENTITLED is passed on as it is).
struct CommissionAcceptance: Sendable {
    struct Line: Sendable {
        let lineID: UUID
        let taskID: UUID
        let itemCode: String
        let itemName: String
        let typeTitle: String
        let procedureVersion: Int32
        let rawRecordNumber: String
        let testerID: String
    }

    let commissionID: UUID
    let lines: [Line]

    static func prepare(
        _ request: Metrology_Records_V1_AcceptCommissionRequest, database: PostgresClient, context: CallContext
    ) async throws -> CommissionAcceptance {
        let id = try RecordsErrors.commissionID(request.commissionID)
        let found = try await database.withConnection { try await CommissionStore.commission(id, on: $0, logger: context.logger) }
        guard let commission = found else { throw RecordsErrors.commissionNotFound }
        guard commission.state == "received" else { throw RecordsErrors.commissionState(commission.state, action: "受理") }
        let testers = try assignments(request.assignments, of: commission)

        // 1. Each line's item and type can be worked on today, with a published procedure.
        var checked: [(line: Metrology_Records_V1_CommissionLine, version: Int32, item: Metrology_Flows_V1_Item)] = []
        var items: [String: Metrology_Flows_V1_Item] = [:]
        for line in commission.lines {
            var usable = Metrology_Flows_V1_CheckItemUsableRequest()
            usable.itemID = line.itemID
            usable.typeCode = line.typeCode
            let answer = try await context.call(FlowsMethods.checkItemUsable, usable, step: "usable/\(line.id)")
            guard answer.usable else {
                throw RecordsErrors.itemNotUsable(reason: answer.reason, message: answer.message, itemID: line.itemID, typeCode: line.typeCode)
            }
            if items[line.itemID] == nil {
                var get = Metrology_Flows_V1_GetItemRequest()
                get.itemID = line.itemID
                items[line.itemID] = try await context.call(FlowsMethods.getItem, get, step: "item/\(line.itemID)")
            }
            checked.append((line, answer.procedureVersion, items[line.itemID]!))
        }

        // 2. Each assigned tester may enter this item (qualified today); unassigned lines go to whoever starts them.
        for (line, _, item) in checked {
            guard let tester = testers[line.id] else { continue }
            var check = Metrology_Identity_V1_CheckQualificationRequest()
            check.userID = tester
            check.item = item.code
            check.action = "enter"
            let answer: Metrology_Identity_V1_CheckQualificationResponse
            do {
                answer = try await context.call(IdentityMethods.checkQualification, check, step: "tester/\(line.id)")
            } catch let error as RPCError where error.code == .notFound || error.code == .invalidArgument {
                throw RecordsErrors.invalid("assignments", "指定的检定员不存在", "RECORDS_TESTER_UNKNOWN")
            }
            guard answer.allowed else {
                throw RPCError(
                    code: .failedPrecondition, message: "指定的检定员不能检定“\(item.name)”：\(answer.message)", reason: "RECORDS_TESTER_NOT_QUALIFIED",
                    details: ["testerId": tester, "qualificationReason": answer.reason, "lineId": line.id])
            }
        }

        // 3. The raw-record numbers, once per task.
        var lines: [Line] = []
        for (line, version, item) in checked {
            let lineID = UUID(uuidString: line.id)!
            let taskID = TaskIdentity.taskID(commission: id, line: lineID)
            var issue = Metrology_Flows_V1_IssueNumberRequest()
            issue.itemID = line.itemID
            issue.typeCode = line.typeCode
            issue.target = "raw_record"
            issue.reference = taskID.uuidString.lowercased()
            let number = try await context.call(FlowsMethods.issueNumber, issue, step: "raw-record-number/\(line.id)")
            lines.append(
                Line(
                    lineID: lineID, taskID: taskID, itemCode: item.code, itemName: item.name,
                    typeTitle: item.types.first { $0.code == line.typeCode }?.title ?? line.typeCode, procedureVersion: version,
                    rawRecordNumber: number.number, testerID: testers[line.id] ?? ""))
        }
        return CommissionAcceptance(commissionID: id, lines: lines)
    }

    /// The testers by line id; a line of another commission, a line named twice or a tester id that is not one is
    /// INVALID_ARGUMENT.
    static func assignments(
        _ assignments: [Metrology_Records_V1_LineAssignment], of commission: Metrology_Records_V1_Commission
    ) throws -> [String: String] {
        let lineIDs = Set(commission.lines.map(\.id))
        var testers: [String: String] = [:]
        for assignment in assignments {
            let line = assignment.lineID.lowercased()
            guard lineIDs.contains(line) else {
                throw RecordsErrors.invalid("assignments", "委托单中没有明细“\(assignment.lineID.prefix(64))”", "RECORDS_LINE_UNKNOWN")
            }
            guard testers[line] == nil else { throw RecordsErrors.invalid("assignments", "同一明细只能指定一名检定员", "RECORDS_LINE_ASSIGNED_TWICE") }
            guard assignment.testerID.isEmpty || UUID(uuidString: assignment.testerID) != nil else {
                throw RecordsErrors.invalid("assignments", "检定员编号格式不正确", "RECORDS_TESTER_UNKNOWN")
            }
            if !assignment.testerID.isEmpty { testers[line] = assignment.testerID.lowercased() }
        }
        return testers
    }
}
