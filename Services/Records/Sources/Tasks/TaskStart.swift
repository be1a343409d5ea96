import Auth
import Contracts
import Foundation
import PostgresNIO
import RPCCore
import ServiceKit

/// What StartTask learns before its transaction (router.write's prepare), each with a clear refusal:
/// - the caller may take the task: assigned to them, or unassigned (then it becomes theirs) — RECORDS_TASK_NOT_YOURS;
/// - the caller is on a phone: entry is a mobile activity (seed 000 §4.2.6), and "the session's device is enabled"
///   needs a session bound to a device, so a console session is refused RECORDS_DEVICE_REQUIRED;
/// - the caller is qualified for the item today (identity CheckQualification with the item CODE, action enter) —
///   RECORDS_NOT_QUALIFIED carrying identity's reason;
/// - the item's legal basis is valid today (flows CheckItemUsable) — RECORDS_ITEM_NOT_USABLE with flows' reason;
/// - exactly one standard is chosen for each need of the pinned procedure version — RECORDS_STANDARD_MISSING /
///   RECORDS_STANDARD_UNEXPECTED; each is usable today (devices CheckStandardsUsable: not expired, stopped,
///   quarantined, retired) — RECORDS_STANDARD_NOT_USABLE naming the standard and devices' reason; and of the kind
///   the need names (Standard.category == need code) — RECORDS_STANDARD_WRONG_KIND;
/// - the session's device is enabled (devices GetDevice) — RECORDS_DEVICE_NOT_ENABLED. (Disabling a device also
///   revokes its sessions everywhere, but by an event that may still be on its way; this asks devices now.)
/// A task the caller already started (in_progress, theirs) skips the checks: StartTask returns it unchanged.
struct TaskStart: Sendable {
    let taskID: UUID
    let procedure: PinnedProcedure
    let standards: [Metrology_Records_V1_StandardUsed]
    let deviceID: String
    /// The caller started it before: nothing to write.
    let alreadyStarted: Bool

    static func prepare(_ request: Metrology_Records_V1_StartTaskRequest, database: PostgresClient, context: CallContext) async throws -> TaskStart {
        let id = try RecordsErrors.taskID(request.taskID)
        let caller = try context.caller()
        let found = try await database.withConnection { try await TaskStore.row(id, on: $0, logger: context.logger) }
        guard let task = found else { throw RecordsErrors.taskNotFound }
        try Self.mayTake(task, caller)
        let procedure = try await ProcedureCache.shared.procedure(
            itemID: task.itemID, typeCode: task.typeCode, version: task.procedureVersion, context: context)
        if task.state == "in_progress" {
            return TaskStart(taskID: id, procedure: procedure, standards: task.standards, deviceID: task.deviceID, alreadyStarted: true)
        }
        guard let deviceID = caller.deviceID, !deviceID.isEmpty else { throw RecordsErrors.deviceRequired }

        var qualification = Metrology_Identity_V1_CheckQualificationRequest()
        qualification.userID = caller.userID
        qualification.item = task.itemCode
        qualification.action = "enter"
        let qualified = try await context.call(IdentityMethods.checkQualification, qualification, step: "qualification")
        guard qualified.allowed else {
            throw RPCError(
                code: .permissionDenied, message: "不具备检定“\(task.itemName)”的资质：\(qualified.message)", reason: "RECORDS_NOT_QUALIFIED",
                details: ["qualificationReason": qualified.reason, "itemCode": task.itemCode])
        }

        var usable = Metrology_Flows_V1_CheckItemUsableRequest()
        usable.itemID = task.itemID
        usable.typeCode = task.typeCode
        let item = try await context.call(FlowsMethods.checkItemUsable, usable, step: "usable")
        guard item.usable else {
            throw RecordsErrors.itemNotUsable(reason: item.reason, message: item.message, itemID: task.itemID, typeCode: task.typeCode)
        }

        let chosen = try Self.chosen(request.standards, needs: procedure.standards)
        var standards: [Metrology_Records_V1_StandardUsed] = []
        if !chosen.isEmpty {
            var check = Metrology_Devices_V1_CheckStandardsUsableRequest()
            check.standardIds = chosen.map(\.standardID)
            let answer = try await context.call(DevicesMethods.checkStandardsUsable, check, step: "standards")
            for (need, result) in zip(chosen.map(\.need), answer.results) {
                standards.append(try Self.used(result, for: need))
            }
        }

        var get = Metrology_Devices_V1_GetDeviceRequest()
        get.deviceID = deviceID
        let device = try await context.call(DevicesMethods.getDevice, get, step: "device")
        guard device.status == "enabled" else {
            throw RPCError(
                code: .failedPrecondition, message: "当前移动终端“\(device.name)”未启用（\(device.status == "disabled" ? "已禁用" : "待授权")），不能开始检定",
                reason: "RECORDS_DEVICE_NOT_ENABLED", details: ["deviceId": deviceID, "status": device.status])
        }
        return TaskStart(taskID: id, procedure: procedure, standards: standards, deviceID: deviceID, alreadyStarted: false)
    }

    /// Whether `caller` may start `task` as it stands (also re-checked under the row lock).
    static func mayTake(_ task: TaskRow, _ caller: Principal) throws {
        guard task.testerID.isEmpty || task.testerID == caller.userID else { throw RecordsErrors.taskNotYours(testerName: task.testerName) }
        guard task.state == "created" || task.state == "in_progress" else { throw RecordsErrors.taskState(task.state, action: "开始检定") }
    }

    /// The chosen standard per need, in the procedure's order: exactly one for each need, none for anything else.
    static func chosen(
        _ choices: [Metrology_Records_V1_ChosenStandard], needs: [Metrology_Flows_V1_StandardNeed]
    ) throws -> [(need: Metrology_Flows_V1_StandardNeed, standardID: String)] {
        var byNeed: [String: String] = [:]
        for choice in choices {
            guard needs.contains(where: { $0.code == choice.needCode }), byNeed[choice.needCode] == nil else {
                throw RPCError(
                    code: .invalidArgument,
                    message: needs.contains(where: { $0.code == choice.needCode })
                        ? "同一类计量标准只能选择一台（\(choice.needCode)）" : "该检测流程不需要“\(choice.needCode.prefix(64))”类计量标准",
                    reason: "RECORDS_STANDARD_UNEXPECTED", details: ["field": "standards", "needCode": String(choice.needCode.prefix(64))])
            }
            guard UUID(uuidString: choice.standardID) != nil else {
                throw RecordsErrors.invalid("standards", "计量标准编号“\(choice.standardID.prefix(64))”格式不正确", "RECORDS_STANDARD_ID_INVALID")
            }
            byNeed[choice.needCode] = choice.standardID.lowercased()
        }
        return try needs.map { need in
            guard let id = byNeed[need.code] else {
                throw RPCError(
                    code: .invalidArgument, message: "请选择“\(need.title)”所用的计量标准", reason: "RECORDS_STANDARD_MISSING",
                    details: ["field": "standards", "needCode": need.code])
            }
            return (need, id)
        }
    }

    /// The standard as the record keeps it, or the refusal: not usable today, or not of the need's kind.
    static func used(
        _ result: Metrology_Devices_V1_StandardUsability, for need: Metrology_Flows_V1_StandardNeed
    ) throws -> Metrology_Records_V1_StandardUsed {
        let standard = result.standard
        let label = standard.code.isEmpty ? result.standardID : "\(standard.code) \(standard.name)"
        guard result.usable else {
            throw RPCError(
                code: .failedPrecondition, message: "计量标准 \(label) 不可使用：\(result.message)", reason: "RECORDS_STANDARD_NOT_USABLE",
                details: ["standardId": result.standardID, "standardCode": standard.code, "standardReason": result.reason, "needCode": need.code])
        }
        guard standard.category == need.code else {
            throw RPCError(
                code: .failedPrecondition, message: "计量标准 \(label) 不是“\(need.title)”类（\(need.code)）",
                reason: "RECORDS_STANDARD_WRONG_KIND",
                details: ["standardId": result.standardID, "standardCode": standard.code, "category": standard.category, "needCode": need.code])
        }
        var used = Metrology_Records_V1_StandardUsed()
        used.needCode = need.code
        used.needTitle = need.title
        used.standardID = result.standardID
        used.code = standard.code
        used.name = standard.name
        used.model = standard.model
        used.accuracy = standard.accuracy
        used.certificateNo = standard.certificate.number
        used.validUntil = standard.certificate.validUntil
        return used
    }
}
