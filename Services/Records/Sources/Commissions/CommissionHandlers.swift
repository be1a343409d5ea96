import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Commissions and appointments (委托单 / 预约): ListCommissions, GetCommission, CreateCommission, AcceptCommission,
/// RefuseCommission.
///
/// Rules:
/// - A commission names an existing customer and one or more of that customer's instruments (not scrapped), each
///   with the flows item and type asked for; source desk (现场委托) or appointment (预约); requested_on a real date.
///   Its number WTyyyymmdd-nnnn counts the day (Asia/Shanghai) without gaps (commission_counters, in the same
///   transaction).
/// - received → refused (a reason, at most 200 characters) or accepted (受理); any other move is
///   RECORDS_COMMISSION_STATE naming the state it is in.
/// - Acceptance (records.edit): the checks and raw-record numbers come from identity and flows before the
///   transaction (`CommissionAcceptance`); then in one transaction the commission is accepted, each line filled
///   (item code and name, type title, tester, task), one task per line is created (state created, the procedure
///   version pinned), audited, and commission.accepted plus one task.created per task are put in the outbox.
/// - Every change is audited in its transaction.
struct CommissionHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter) {
        router.query(RecordsMethods.listCommissions, access: .permission(.recordsQuery), listCommissions)
        router.query(RecordsMethods.getCommission, access: .permission(.recordsQuery), getCommission)
        router.write(RecordsMethods.createCommission, access: .permission(.recordsEdit), createCommission)
        router.write(RecordsMethods.refuseCommission, access: .permission(.recordsEdit), refuseCommission)
        let database = self.database
        router.write(
            RecordsMethods.acceptCommission, access: .permission(.recordsEdit),
            prepare: { request, context in try await CommissionAcceptance.prepare(request, database: database, context: context) },
            acceptCommission)
    }

    static let cursorList = "commissions"
    static let sources = ["desk": "现场委托", "appointment": "预约"]

    // MARK: Reading

    func listCommissions(
        _ request: Metrology_Records_V1_ListCommissionsRequest, _ context: CallContext
    ) async throws -> Metrology_Records_V1_ListCommissionsResponse {
        guard (0...200).contains(request.pageSize) else {
            throw RecordsErrors.invalid("pageSize", "每页条数须在 1 到 200 之间", "PAGE_INVALID")
        }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        let customer = try request.customerID.isEmpty ? nil : Self.uuid(request.customerID, field: "customerId", "RECORDS_CUSTOMER_ID_INVALID")
        guard request.state.isEmpty || RecordsErrors.commissionStateTitles[request.state] != nil else {
            throw RecordsErrors.invalid("state", "状态必须是 received、accepted、refused、in_progress 或 done", "RECORDS_COMMISSION_STATE_INVALID")
        }
        guard request.source.isEmpty || Self.sources[request.source] != nil else {
            throw RecordsErrors.invalid("source", "来源必须是 desk（现场委托）或 appointment（预约）", "RECORDS_COMMISSION_SOURCE_INVALID")
        }
        let from = try Self.optionalDay(request.fromDate, field: "fromDate")
        let to = try Self.optionalDay(request.toDate, field: "toDate")
        let cursor = try PageCursor.decode(request.cursor, list: Self.cursorList, parts: 2)
        var after: (createdAt: String, id: UUID)?
        if let cursor {
            guard let id = UUID(uuidString: cursor.key[1]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        let query = CommissionStore.Query(
            customerID: customer, state: request.state.nilIfEmpty, source: request.source.nilIfEmpty, from: from, to: to, limit: size + 1,
            after: after)
        let (found, keys, total) = try await database.withConnection { try await CommissionStore.list(query, on: $0, logger: context.logger) }
        var response = Metrology_Records_V1_ListCommissionsResponse()
        response.commissions = Array(found.prefix(size))
        if found.count > size { response.nextCursor = PageCursor(list: Self.cursorList, key: [keys[size - 1], found[size - 1].id]).token }
        response.total = total
        return response
    }

    func getCommission(_ request: Metrology_Records_V1_GetCommissionRequest, _ context: CallContext) async throws -> Metrology_Records_V1_Commission {
        let id = try RecordsErrors.commissionID(request.commissionID)
        let found = try await database.withConnection { try await CommissionStore.commission(id, on: $0, logger: context.logger) }
        guard let found else { throw RecordsErrors.commissionNotFound }
        return found
    }

    // MARK: Writing

    func createCommission(
        _ request: Metrology_Records_V1_CreateCommissionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Commission {
        let customer = try Self.uuid(request.customerID, field: "customerId", "RECORDS_CUSTOMER_ID_INVALID")
        // An empty source is a desk commission, as the API document says; anything else must be one of the two.
        let source = request.source.isEmpty ? "desk" : request.source
        guard let sourceTitle = Self.sources[source] else {
            throw RecordsErrors.invalid("source", "来源必须是 desk（现场委托）或 appointment（预约）", "RECORDS_COMMISSION_SOURCE_INVALID")
        }
        guard let requested = CalendarDay(request.requestedOn) else {
            throw RecordsErrors.invalid("requestedOn", "委托日期须为有效日期（YYYY-MM-DD）", "RECORDS_DATE_INVALID")
        }
        let note = try HumanText(field: "note", lines: .multiple, maxLength: 500).check(request.note.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !request.lines.isEmpty else { throw RecordsErrors.invalid("lines", "委托单至少需要一台计量器具", "RECORDS_COMMISSION_LINES_REQUIRED") }
        guard request.lines.count <= 100 else { throw RecordsErrors.invalid("lines", "一张委托单最多 100 台计量器具", "RECORDS_COMMISSION_TOO_MANY_LINES") }
        var instrumentIDs: [UUID] = []
        for (index, line) in request.lines.enumerated() {
            instrumentIDs.append(try Self.uuid(line.instrumentID, field: "lines[\(index)].instrumentId", "RECORDS_INSTRUMENT_ID_INVALID"))
            guard !line.itemID.isEmpty, line.itemID.count <= 64 else {
                throw RecordsErrors.invalid("lines[\(index)].itemId", "请为每台器具指定检测项目", "RECORDS_LINE_ITEM_REQUIRED")
            }
            guard !line.typeCode.isEmpty, line.typeCode.count <= 64 else {
                throw RecordsErrors.invalid("lines[\(index)].typeCode", "请为每台器具指定检测类型", "RECORDS_LINE_TYPE_REQUIRED")
            }
        }
        guard try await CommissionStore.customerExists(customer, on: connection, logger: context.logger) else { throw CustomerValidation.notFound }
        let instruments = try await CommissionStore.instruments(instrumentIDs, on: connection, logger: context.logger)
        var lines: [CommissionStore.NewLine] = []
        for (index, line) in request.lines.enumerated() {
            let field = "lines[\(index)].instrumentId"
            guard let instrument = instruments[instrumentIDs[index]] else {
                throw RecordsErrors.invalid(field, "计量器具不存在", "RECORDS_INSTRUMENT_NOT_FOUND")
            }
            guard instrument.customerID == customer else {
                throw RecordsErrors.invalid(field, "计量器具“\(instrument.name)”不属于该委托单位", "RECORDS_INSTRUMENT_NOT_OF_CUSTOMER")
            }
            guard instrument.status != "scrapped" else {
                throw RecordsErrors.invalid(field, "计量器具“\(instrument.name)”已报废，不能送检", "RECORDS_INSTRUMENT_SCRAPPED")
            }
            lines.append(.init(id: UUID(), instrument: instrument, itemID: line.itemID, typeCode: line.typeCode))
        }
        let caller = try context.caller()
        let id = UUID()
        let number = try await CommissionStore.nextNumber(on: .today, on: connection, logger: context.logger)
        try await CommissionStore.insert(
            id: id, number: number, customerID: customer, source: source, requestedOn: requested.description, note: note, lines: lines,
            createdBy: caller.userID, on: connection, logger: context.logger)
        try await context.audit(
            "commission.created", entityType: "commission", entityID: id.uuidString.lowercased(),
            summary: "登记\(sourceTitle)委托单 \(number)，共 \(lines.count) 台计量器具",
            details: [
                "number": number, "customerId": customer.uuidString.lowercased(), "source": source, "requestedOn": requested.description,
                "instruments": lines.map { $0.instrument.id.uuidString.lowercased() }.joined(separator: ","),
            ], on: connection)
        return try await reload(id, context, connection)
    }

    func refuseCommission(
        _ request: Metrology_Records_V1_RefuseCommissionRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Commission {
        let id = try RecordsErrors.commissionID(request.commissionID)
        let reason = try HumanText(field: "reason", lines: .multiple, maxLength: 200).check(
            request.reason.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !reason.isEmpty else { throw RecordsErrors.invalid("reason", "请填写拒绝受理的原因", "RECORDS_REFUSAL_REASON_REQUIRED") }
        guard let commission = try await CommissionStore.commission(id, lock: true, on: connection, logger: context.logger) else {
            throw RecordsErrors.commissionNotFound
        }
        guard commission.state == "received" else { throw RecordsErrors.commissionState(commission.state, action: "拒绝受理") }
        let caller = try context.caller()
        try await CommissionStore.refuse(id, reason: reason, by: caller.userID, name: caller.displayName, on: connection, logger: context.logger)
        try await context.audit(
            "commission.refused", entityType: "commission", entityID: commission.id, summary: "拒绝受理委托单 \(commission.number)：\(reason)",
            details: ["number": commission.number, "reason": reason], on: connection)
        return try await reload(id, context, connection)
    }

    func acceptCommission(
        _ request: Metrology_Records_V1_AcceptCommissionRequest, _ prepared: CommissionAcceptance, _ context: CallContext,
        _ connection: PostgresConnection
    ) async throws -> Metrology_Records_V1_Commission {
        guard let commission = try await CommissionStore.commission(prepared.commissionID, lock: true, on: connection, logger: context.logger)
        else { throw RecordsErrors.commissionNotFound }
        // Another acceptance or a refusal may have committed while this one asked flows.
        guard commission.state == "received" else { throw RecordsErrors.commissionState(commission.state, action: "受理") }
        let caller = try context.caller()
        try await TaskCreation.accept(commission, prepared, by: caller, on: connection, logger: context.logger)
        try await context.audit(
            "commission.accepted", entityType: "commission", entityID: commission.id,
            summary: "受理委托单 \(commission.number)，生成 \(prepared.lines.count) 个检定任务",
            details: [
                "number": commission.number, "tasks": prepared.lines.map { $0.taskID.uuidString.lowercased() }.joined(separator: ","),
                "rawRecordNumbers": prepared.lines.map(\.rawRecordNumber).joined(separator: ","),
                "procedureVersions": prepared.lines.map { "\($0.procedureVersion)" }.joined(separator: ","),
            ], on: connection)
        let accepted = try await reload(prepared.commissionID, context, connection)
        var event = Metrology_Records_V1_CommissionAccepted()
        event.commission = accepted
        if let customer = try await CustomerStore(client: database).customer(
            id: UUID(uuidString: accepted.customerID)!, on: connection, logger: context.logger)
        {
            event.customer = customer.message
        }
        try await Outbox.append(
            RecordsEvents.commissionAccepted, subject: accepted.id, payload: event, trace: context.rpc.trace, on: connection, logger: context.logger)
        for line in prepared.lines {
            guard let task = try await TaskReader.task(line.taskID, detail: false, on: connection, logger: context.logger) else { continue }
            var created = Metrology_Records_V1_TaskCreated()
            created.task = task
            try await Outbox.append(
                RecordsEvents.taskCreated, subject: task.id, payload: created, trace: context.rpc.trace, on: connection, logger: context.logger)
        }
        return accepted
    }

    // MARK: Helpers

    private func reload(_ id: UUID, _ context: CallContext, _ connection: PostgresConnection) async throws -> Metrology_Records_V1_Commission {
        guard let commission = try await CommissionStore.commission(id, on: connection, logger: context.logger) else {
            throw RecordsErrors.commissionNotFound
        }
        return commission
    }

    static func uuid(_ text: String, field: String, _ reason: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw RecordsErrors.invalid(field, "编号“\(text.prefix(64))”格式不正确", reason) }
        return id
    }

    static func optionalDay(_ text: String, field: String) throws -> String? {
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDay(text) else { throw RecordsErrors.invalid(field, "日期须为有效日期（YYYY-MM-DD）", "RECORDS_DATE_INVALID") }
        return day.description
    }
}
