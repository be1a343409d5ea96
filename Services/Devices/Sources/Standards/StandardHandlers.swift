import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Measurement standards and equipment (计量标准器具与配套设备, seed 003 §4.4): the register, certificates, status,
/// intermediate checks (期间核查) and versioned correction factors (修正因子), and the usability check records asks.
///
/// Rules:
/// - The code (管理编号) is unique regardless of letter case; a certificate carries all four fields, was not issued in
///   the future and is valid until no earlier than issued.
/// - Status in_use | stopped | quarantined | retired; anything but in_use needs a reason; retired is final and a
///   retired standard cannot be changed at all.
/// - A failed intermediate check quarantines the standard. Going back to in_use after a quarantine (also by way of
///   stopped) needs a passing check or a new certificate recorded after the quarantine began and dated no earlier than
///   that day.
/// - Every set of correction factors is a new version; none is ever changed.
/// - Every change is audited in the same transaction and announced as `devices.standard.<verb>` with the Standard.
struct StandardHandlers: Sendable {
    let store: StandardsStore

    init(database: PostgresClient) {
        store = StandardsStore(client: database)
    }

    func register(on router: inout ServiceRouter) {
        router.query(DevicesMethods.listStandards, access: .permission(.devicesQuery), listStandards)
        router.query(DevicesMethods.getStandard, access: .permission(.devicesQuery), getStandard)
        router.query(DevicesMethods.listCorrectionFactorVersions, access: .permission(.devicesQuery), listCorrectionFactorVersions)
        // Asked by records on behalf of whoever enters a test (a metrologist holds no devices.query), like identity's
        // CheckQualification: any signed-in caller may ask whether standards are usable.
        router.query(DevicesMethods.checkStandardsUsable, access: .authenticated, checkStandardsUsable)
        router.write(DevicesMethods.createStandard, access: .permission(.devicesManage), createStandard)
        router.write(DevicesMethods.updateStandard, access: .permission(.devicesManage), updateStandard)
        router.write(DevicesMethods.setStandardStatus, access: .permission(.devicesManage), setStandardStatus)
        router.write(DevicesMethods.recordCalibration, access: .permission(.devicesManage), recordCalibration)
        router.write(DevicesMethods.addIntermediateCheck, access: .permission(.devicesManage), addIntermediateCheck)
        router.write(DevicesMethods.setCorrectionFactors, access: .permission(.devicesManage), setCorrectionFactors)
    }

    static let notFound = RPCError.notFound("标准器具不存在", reason: "STANDARD_NOT_FOUND")
    static let retired = RPCError.failedPrecondition("该标准器具已报废，不能再修改", reason: "STANDARD_RETIRED")
    static let kindTitles = ["standard": "计量标准器具", "equipment": "配套设备"]

    // MARK: Reading

    func listStandards(
        _ request: Metrology_Devices_V1_ListStandardsRequest, _ context: CallContext
    ) async throws -> Metrology_Devices_V1_ListStandardsResponse {
        let paging = try PageRequest(page: request.page, pageSize: request.pageSize)
        if !request.status.isEmpty { _ = try StandardValidation.status(request.status) }
        guard (0...3650).contains(request.expiringWithinDays) else {
            throw StandardValidation.invalid("expiringWithinDays", "到期天数须在 0 到 3650 之间", "STANDARD_EXPIRING_DAYS_INVALID")
        }
        let today = CalendarDay.today
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        let (standards, total) = try await store.list(
            .init(
                status: request.status.nilIfEmpty, text: query.nilIfEmpty,
                validUntilAtMost: request.expiringWithinDays > 0 ? today.adding(days: Int(request.expiringWithinDays)) : nil, limit: paging.size,
                offset: paging.offset),
            logger: context.logger)
        var response = Metrology_Devices_V1_ListStandardsResponse()
        response.standards = standards.map { $0.message(today: today) }
        response.total = total
        return response
    }

    func getStandard(_ request: Metrology_Devices_V1_GetStandardRequest, _ context: CallContext) async throws -> Metrology_Devices_V1_Standard {
        let id = try StandardValidation.standardID(request.standardID)
        let standard = try await store.client.withConnection { try await store.standard(id: id, on: $0, logger: context.logger) }
        guard let standard else { throw Self.notFound }
        return standard.message()
    }

    func listCorrectionFactorVersions(
        _ request: Metrology_Devices_V1_ListCorrectionFactorVersionsRequest, _ context: CallContext
    ) async throws
        -> Metrology_Devices_V1_ListCorrectionFactorVersionsResponse
    {
        let id = try StandardValidation.standardID(request.standardID)
        guard try await !store.bare(ids: [id], logger: context.logger).isEmpty else { throw Self.notFound }
        var response = Metrology_Devices_V1_ListCorrectionFactorVersionsResponse()
        response.versions = try await store.correctionVersions(of: id, logger: context.logger).map(\.message)
        return response
    }

    func checkStandardsUsable(
        _ request: Metrology_Devices_V1_CheckStandardsUsableRequest, _ context: CallContext
    ) async throws
        -> Metrology_Devices_V1_CheckStandardsUsableResponse
    {
        guard !request.standardIds.isEmpty else {
            throw StandardValidation.invalid("standardIds", "请至少指定一台标准器具", "STANDARD_FIELD_REQUIRED")
        }
        guard request.standardIds.count <= 200 else {
            throw StandardValidation.invalid("standardIds", "一次最多检查 200 台标准器具", "STANDARD_TOO_MANY")
        }
        let day = request.onDate.isEmpty ? CalendarDay.today : try StandardValidation.day(request.onDate, field: "onDate", title: "使用日期")
        let ids = request.standardIds.map { UUID(uuidString: $0) }
        let found = try await store.full(ids: Array(Set(ids.compactMap { $0 })), logger: context.logger)
        var response = Metrology_Devices_V1_CheckStandardsUsableResponse()
        response.results = zip(request.standardIds, ids).map { text, id in
            let decision =
                id.flatMap { found[$0] }.map { StandardUsabilityRule.decide(code: $0.code, status: $0.status, certificate: $0.certificate, on: day) }
                ?? StandardUsabilityRule.notFound
            var result = Metrology_Devices_V1_StandardUsability()
            result.standardID = text
            result.usable = decision.usable
            result.reason = decision.reason
            result.message = decision.message
            // What was found, as registered, so a caller (records) can keep the standard it used with the record.
            if let standard = id.flatMap({ found[$0] }) { result.standard = standard.message(today: day) }
            return result
        }
        response.allUsable = response.results.allSatisfy(\.usable)
        return response
    }

    // MARK: Writing

    func createStandard(
        _ request: Metrology_Devices_V1_CreateStandardRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Standard
    {
        let code = try StandardValidation.code(request.code)
        let name = try StandardValidation.text(request.name, field: "name", title: "名称", required: true)
        let kind = try StandardValidation.kind(request.kind)
        var standard = StandardRecord(
            id: UUID(), code: code, name: name, model: try StandardValidation.text(request.model, field: "model", title: "型号"),
            serialNumber: try StandardValidation.text(request.serialNumber, field: "serialNumber", title: "出厂编号"),
            measuringRange: try StandardValidation.text(request.measuringRange, field: "measuringRange", title: "测量范围", max: 200),
            accuracy: try StandardValidation.text(request.accuracy, field: "accuracy", title: "准确度等级/不确定度", max: 200), kind: kind,
            category: try StandardValidation.category(request.category), status: "in_use", statusReason: "", createdAt: Date(), updatedAt: Date())
        if request.hasCertificate && !StandardValidation.isBlank(request.certificate) {
            standard.certificate = try StandardValidation.certificate(request.certificate)
        }
        guard try await store.insert(standard, by: try actor(context), on: connection, logger: context.logger) else {
            throw RPCError(code: .alreadyExists, message: "管理编号“\(code)”已被使用", reason: "STANDARD_CODE_TAKEN", details: ["field": "code"])
        }
        var details = ["code": code, "name": name, "kind": kind, "model": standard.model, "serialNumber": standard.serialNumber]
        if !standard.category.isEmpty { details["category"] = standard.category }
        if let certificate = standard.certificate {
            details["certificateNumber"] = certificate.number
            details["certificateIssuer"] = certificate.issuer
            details["issuedOn"] = certificate.issuedOn.description
            details["validUntil"] = certificate.validUntil.description
        }
        try await context.audit(
            "standard.created", entityType: "standard", entityID: standard.idString,
            summary: "新增\(Self.kindTitles[kind] ?? "标准器具") \(code) \(name)", details: details, on: connection)
        return try await announce(DevicesEvents.standardCreated, standard.id, context, connection)
    }

    func updateStandard(
        _ request: Metrology_Devices_V1_UpdateStandardRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Standard
    {
        let before = try await editable(request.standardID, context, connection)
        var after = before
        if request.hasName { after.name = try StandardValidation.text(request.name, field: "name", title: "名称", required: true) }
        if request.hasModel { after.model = try StandardValidation.text(request.model, field: "model", title: "型号") }
        if request.hasSerialNumber { after.serialNumber = try StandardValidation.text(request.serialNumber, field: "serialNumber", title: "出厂编号") }
        if request.hasMeasuringRange {
            after.measuringRange = try StandardValidation.text(request.measuringRange, field: "measuringRange", title: "测量范围", max: 200)
        }
        if request.hasAccuracy { after.accuracy = try StandardValidation.text(request.accuracy, field: "accuracy", title: "准确度等级/不确定度", max: 200) }
        if request.hasCategory { after.category = try StandardValidation.category(request.category) }
        var changes: [String: String] = [:]
        for (field, old, new) in [
            ("name", before.name, after.name), ("model", before.model, after.model), ("serialNumber", before.serialNumber, after.serialNumber),
            ("measuringRange", before.measuringRange, after.measuringRange), ("accuracy", before.accuracy, after.accuracy),
            ("category", before.category, after.category),
        ] where old != new {
            changes[field] = "\(old) → \(new)"
        }
        guard !changes.isEmpty else { return before.message() }
        try await store.update(after, on: connection, logger: context.logger)
        try await context.audit(
            "standard.updated", entityType: "standard", entityID: before.idString, summary: "修改标准器具 \(before.code) 的信息", details: changes,
            on: connection)
        return try await announce(DevicesEvents.standardUpdated, before.id, context, connection)
    }

    func setStandardStatus(
        _ request: Metrology_Devices_V1_SetStandardStatusRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Standard
    {
        let status = try StandardValidation.status(request.status)
        let reason = try StandardValidation.reason(request.reason, required: status != "in_use")
        let before = try await editable(request.standardID, context, connection)
        guard status != before.status || reason != before.statusReason else { return before.message() }
        // Back in use after a quarantine (directly or by way of stopped) only once the fault was cleared.
        if status == "in_use", let since = before.quarantinedAt,
            try await !store.quarantineCleared(of: before.id, since: since, on: connection, logger: context.logger)
        {
            throw RPCError.failedPrecondition(
                "标准器具 \(before.code) 因故障隔离，须在隔离后登记合格的期间核查或新的检定/校准证书，才能恢复在用",
                reason: "STANDARD_QUARANTINE_NOT_CLEARED")
        }
        try await store.setStatus(of: before.id, to: status, reason: reason, on: connection, logger: context.logger)
        let titles = StandardValidation.statusTitles
        try await context.audit(
            "standard.status_changed", entityType: "standard", entityID: before.idString,
            summary: "将标准器具 \(before.code) 的状态由\(titles[before.status] ?? before.status)改为\(titles[status] ?? status)"
                + (reason.isEmpty ? "" : "：\(reason)"),
            details: ["from": before.status, "to": status, "reason": reason], on: connection)
        return try await announce(DevicesEvents.standardStatusChanged, before.id, context, connection)
    }

    func recordCalibration(
        _ request: Metrology_Devices_V1_RecordCalibrationRequest, _ context: CallContext, _ connection: PostgresConnection
    )
        async throws -> Metrology_Devices_V1_Standard
    {
        let certificate = try StandardValidation.certificate(request.certificate)
        let before = try await editable(request.standardID, context, connection)
        if let current = before.certificate, certificate.issuedOn < current.issuedOn {
            throw StandardValidation.invalid(
                "certificate.issuedOn", "新证书的发证日期不能早于当前证书 \(current.number) 的发证日期 \(current.issuedOn)", "STANDARD_CERTIFICATE_OLDER")
        }
        try await store.recordCalibration(of: before.id, certificate, by: try actor(context), on: connection, logger: context.logger)
        var details = [
            "certificateNumber": certificate.number, "certificateIssuer": certificate.issuer, "issuedOn": certificate.issuedOn.description,
            "validUntil": certificate.validUntil.description,
        ]
        if let previous = before.certificate {
            details["previousNumber"] = previous.number
            details["previousValidUntil"] = previous.validUntil.description
        }
        try await context.audit(
            "standard.calibration_recorded", entityType: "standard", entityID: before.idString,
            summary: "登记标准器具 \(before.code) 的检定/校准证书 \(certificate.number)，有效期至 \(certificate.validUntil)", details: details,
            on: connection)
        return try await announce(DevicesEvents.standardCalibrationRecorded, before.id, context, connection)
    }

    func addIntermediateCheck(
        _ request: Metrology_Devices_V1_AddIntermediateCheckRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Standard
    {
        let checkedOn = try StandardValidation.pastDay(request.checkedOn, field: "checkedOn", title: "核查日期", today: .today)
        guard StandardValidation.checkResults.contains(request.result) else {
            throw StandardValidation.invalid("result", "核查结论必须是 pass（合格）或 fail（不合格）", "STANDARD_CHECK_RESULT_INVALID")
        }
        let note = try StandardValidation.text(request.note, field: "note", title: "核查说明", max: 500, lines: .multiple)
        let before = try await editable(request.standardID, context, connection)
        let caller = try actor(context)
        let check = StandardCheckRecord(
            id: UUID(), standardID: before.id, checkedOn: checkedOn.description, result: request.result, note: note, checkedBy: caller.id,
            checkedByName: caller.name)
        try await store.insertCheck(check, on: connection, logger: context.logger)
        let passed = request.result == "pass"
        try await context.audit(
            "standard.check_added", entityType: "standard", entityID: before.idString,
            summary: "登记标准器具 \(before.code) 的期间核查（\(checkedOn)）：\(passed ? "合格" : "不合格")",
            details: ["checkId": check.id.uuidString.lowercased(), "checkedOn": checkedOn.description, "result": request.result, "note": note],
            on: connection)
        guard !passed else { return try await announce(DevicesEvents.standardCheckAdded, before.id, context, connection) }

        // A failed check means the standard may not be used until the fault is cleared (seed 003 §4.4.3.2).
        let reason = String(("期间核查不合格（\(checkedOn)）" + (note.isEmpty ? "" : "：\(note)")).prefix(200))
        try await store.setStatus(of: before.id, to: "quarantined", reason: reason, on: connection, logger: context.logger)
        try await context.audit(
            "standard.quarantined", entityType: "standard", entityID: before.idString,
            summary: "标准器具 \(before.code) 期间核查不合格，自动隔离",
            details: ["from": before.status, "to": "quarantined", "reason": reason, "checkId": check.id.uuidString.lowercased()], on: connection)
        _ = try await announce(DevicesEvents.standardCheckAdded, before.id, context, connection)
        return try await announce(DevicesEvents.standardStatusChanged, before.id, context, connection)
    }

    func setCorrectionFactors(
        _ request: Metrology_Devices_V1_SetCorrectionFactorsRequest, _ context: CallContext, _ connection: PostgresConnection
    )
        async throws -> Metrology_Devices_V1_Standard
    {
        let factors = try StandardValidation.factors(request.factors)
        let reason = try StandardValidation.reason(request.reason, required: true, title: "变更原因")
        let before = try await editable(request.standardID, context, connection)
        let version = try await store.addCorrectionVersion(
            of: before.id, factors, reason: reason, by: try actor(context), on: connection, logger: context.logger)
        try await context.audit(
            "standard.corrections_changed", entityType: "standard", entityID: before.idString,
            summary: "更新标准器具 \(before.code) 的修正因子为第 \(version) 版：\(reason)",
            details: [
                "version": "\(version)", "previousVersion": "\(before.correctionVersion)", "reason": reason,
                "factors": factors.map { "\($0.point)=\($0.value)\($0.unit.isEmpty ? "" : " \($0.unit)")" }.joined(separator: "; "),
            ], on: connection)
        return try await announce(DevicesEvents.standardCorrectionsChanged, before.id, context, connection)
    }

    // MARK: Helpers

    /// The standard, locked for the change; a retired one cannot be changed.
    private func editable(_ text: String, _ context: CallContext, _ connection: PostgresConnection) async throws -> StandardRecord {
        let id = try StandardValidation.standardID(text)
        guard let standard = try await store.standard(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        guard standard.status != "retired" else { throw Self.retired }
        return standard
    }

    private func actor(_ context: CallContext) throws -> (id: String, name: String) {
        let caller = try context.caller()
        return (caller.userID, caller.displayName)
    }

    /// Reads the standard as changed and appends `event` with it to the outbox.
    private func announce(
        _ event: EventType<Metrology_Devices_V1_Standard>, _ id: UUID, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Devices_V1_Standard
    {
        guard let standard = try await store.standard(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        let message = standard.message()
        try await Outbox.append(event, subject: standard.idString, payload: message, trace: context.rpc.trace, on: connection, logger: context.logger)
        return message
    }
}
