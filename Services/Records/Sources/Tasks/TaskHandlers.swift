import Auth
import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit

/// Tasks: ListTasks, GetTask, StartTask.
///
/// - StartTask (records.enter): the checks of `TaskStart` before the transaction; then, with the task locked, it
///   becomes in_progress with the caller as tester (an unassigned task is taken), the device, the standards as
///   devices described them, test_date today (Asia/Shanghai) and started_at; its commission goes in_progress.
///   Starting again a task one already started returns it unchanged.
/// - ListTasks views: mine (records.enter: assigned to or started by me, created or in_progress), returned
///   (records.enter: returned to me), review (records.review: submitted by someone else, for an item I am qualified
///   to review today), all (records.query). Filters item, type, customer, state, creation dates; keyset paging.
/// - GetTask: records.query, the task's tester, or a reviewer (records.review) for a submitted task.
struct TaskHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {
        router.query(RecordsMethods.listTasks, access: .authenticated, listTasks)
        router.query(RecordsMethods.getTask, access: .authenticated, getTask)
        let database = self.database
        router.write(
            RecordsMethods.startTask, access: .permission(.recordsEnter),
            prepare: { request, context in try await TaskStart.prepare(request, database: database, context: context) }, startTask)
    }

    static let cursorList = "tasks"
    static let views: [String: (permission: Permission, states: [String])] = [
        "mine": (.recordsEnter, ["created", "in_progress"]), "returned": (.recordsEnter, ["returned"]),
        "review": (.recordsReview, ["submitted"]), "all": (.recordsQuery, ["created", "in_progress", "submitted", "returned", "reviewed"]),
    ]

    // MARK: Reading

    func listTasks(_ request: Metrology_Records_V1_ListTasksRequest, _ context: CallContext) async throws -> Metrology_Records_V1_ListTasksResponse {
        let caller = try context.caller()
        let viewName = request.view.isEmpty ? "mine" : request.view
        guard let view = Self.views[viewName] else {
            throw RecordsErrors.invalid("view", "视图必须是 mine（我的任务）、review（待我核验）、returned（退回给我）或 all（全部）", "RECORDS_TASK_VIEW_INVALID")
        }
        try caller.require(view.permission)
        guard (0...200).contains(request.pageSize) else { throw RecordsErrors.invalid("pageSize", "每页条数须在 1 到 200 之间", "PAGE_INVALID") }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        guard request.state.isEmpty || RecordsErrors.stateTitles[request.state] != nil else {
            throw RecordsErrors.invalid("state", "任务状态必须是 created、in_progress、submitted、returned 或 reviewed", "RECORDS_TASK_STATE_INVALID")
        }
        let customer =
            try request.customerID.isEmpty ? nil : CommissionHandlers.uuid(request.customerID, field: "customerId", "RECORDS_CUSTOMER_ID_INVALID")
        let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 2)
        var after: (createdAt: String, id: UUID)?
        if let cursor {
            guard let id = UUID(uuidString: cursor.key[1]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        var query = TaskList.Query(
            states: view.states, state: request.state.nilIfEmpty, itemID: request.itemID.nilIfEmpty, typeCode: request.typeCode.nilIfEmpty,
            customerID: customer, from: try CommissionHandlers.optionalDay(request.fromDate, field: "fromDate"),
            to: try CommissionHandlers.optionalDay(request.toDate, field: "toDate"), limit: size + 1, after: after)
        switch viewName {
        case "mine", "returned": query.tester = caller.userID
        case "review":
            query.notTester = caller.userID
            query.itemCodes = try await reviewableItems(caller, context)
        default: break
        }
        let found = try await database.withConnection { try await TaskList.page(query, on: $0, logger: context.logger) }
        var response = Metrology_Records_V1_ListTasksResponse()
        response.tasks = Array(found.tasks.prefix(size))
        if found.tasks.count > size {
            response.nextCursor = PageCursor(list: Self.cursorList, key: [found.keys[size - 1], found.tasks[size - 1].id]).token
        }
        response.total = found.total
        return response
    }

    /// The item codes of others' submitted tasks the caller may review today (identity CheckQualification, action
    /// review, once per code: a lab's items are few), asked at most 16 at a time rather than one after another.
    private func reviewableItems(_ caller: Principal, _ context: CallContext) async throws -> [String] {
        let codes = try await database.withConnection {
            try await TaskList.submittedItemCodes(notTester: caller.userID, on: $0, logger: context.logger)
        }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            var allowed: [String] = []
            var pending = codes.makeIterator()
            func ask(_ code: String) {
                group.addTask {
                    var check = Metrology_Identity_V1_CheckQualificationRequest()
                    check.userID = caller.userID
                    check.item = code
                    check.action = "review"
                    return try await context.call(IdentityMethods.checkQualification, check, step: "review/\(code)").allowed ? code : nil
                }
            }
            for _ in 0..<16 { if let code = pending.next() { ask(code) } }
            while let answer = try await group.next() {
                if let answer { allowed.append(answer) }
                if let code = pending.next() { ask(code) }
            }
            return allowed.sorted()
        }
    }

    func getTask(_ request: Metrology_Records_V1_GetTaskRequest, _ context: CallContext) async throws -> Metrology_Records_V1_Task {
        let id = try RecordsErrors.taskID(request.taskID)
        let caller = try context.caller()
        let found = try await database.withConnection { try await TaskReader.task(id, detail: true, on: $0, logger: context.logger) }
        guard let task = found else {
            // Whether a task exists is itself a read: only those who may read tasks learn it.
            guard caller.has(.recordsQuery) || caller.has(.recordsEnter) || caller.has(.recordsReview) else { throw Self.notVisible }
            throw RecordsErrors.taskNotFound
        }
        let visible =
            caller.has(.recordsQuery) || (!task.testerID.isEmpty && task.testerID == caller.userID)
            || (caller.has(.recordsReview) && task.state == "submitted")
        guard visible else { throw Self.notVisible }
        return try await TaskReader.withNextStep(task, context: context)
    }

    static let notVisible = RPCError(
        code: .permissionDenied, message: "没有查看该任务的权限（需要“原始记录查询”权限，或是该任务的检定员、待核验任务的核验员）",
        reason: "RECORDS_TASK_NOT_VISIBLE", details: ["permission": Permission.recordsQuery.code])

    // MARK: Writing

    func startTask(
        _ request: Metrology_Records_V1_StartTaskRequest, _ prepared: TaskStart, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Task {
        let caller = try context.caller()
        guard let task = try await TaskStore.lock(prepared.taskID, on: connection, logger: context.logger) else { throw RecordsErrors.taskNotFound }
        // What prepare saw may have changed: someone else may have started it meanwhile.
        try TaskStart.mayTake(task, caller)
        if task.state == "created" {
            guard !prepared.alreadyStarted else { throw RecordsErrors.taskState(task.state, action: "开始检定") }
            let today = CalendarDay.today.description
            try await connection.query(
                """
                UPDATE tasks SET state = 'in_progress', tester_id = \(caller.userID), tester_name = \(caller.displayName),
                       device_id = \(prepared.deviceID), standards = \(try TaskRow.standardsJSON(prepared.standards))::jsonb,
                       test_date = \(today)::date, started_at = now(), updated_at = now()
                WHERE id = \(task.id)
                """, logger: context.logger)
            try await connection.query(
                "UPDATE commissions SET state = 'in_progress' WHERE id = \(task.commissionID) AND state = 'accepted'", logger: context.logger)
            try await context.audit(
                "task.started", entityType: "task", entityID: task.idString,
                summary: "开始检定任务 \(task.rawRecordNumber)（\(task.itemName)）",
                details: [
                    "rawRecordNumber": task.rawRecordNumber, "deviceId": prepared.deviceID, "testDate": today,
                    "procedureVersion": "\(task.procedureVersion)", "assigned": task.testerID.isEmpty ? "taken" : "assigned",
                    "standards": prepared.standards.map { "\($0.needCode)=\($0.code)" }.joined(separator: ","),
                ], on: connection)
        }
        guard var started = try await TaskReader.task(task.id, detail: true, on: connection, logger: context.logger) else {
            throw RecordsErrors.taskNotFound
        }
        // The procedure came with prepare, so the next step needs no call here.
        started.nextStep = prepared.procedure.plan.nextStep(
            filled: Set(started.values.map { EntryCell($0.cell) }), reopened: Set(started.values.filter(\.reopened).map { EntryCell($0.cell) }))
        return started
    }
}
