import Contracts
import Foundation
import Messaging
import RPCCore

/// What a records test needs, built through the real services' RPCs: a published procedure in flows with its
/// raw-record numbering rule, people with or without the qualification for it (on an enrolled phone), measurement
/// standards of the procedure's kind, a customer with an instrument, and tasks accepted or started from them.
/// Shared by the tasks, entry and submission suites: keep the API stable (add, don't rename).
struct RecordsFixtures: Sendable {
    let fx: IdentityFixtures
    /// The desk (委托受理): a metrologist, who holds records.edit and records.query. The administrator holds no
    /// records permission (separation of duties), so customers, ledgers and commissions are written by this person.
    let desk: Person
    var client: RPCClient { fx.client }
    var admin: CallOptions { .init(timeout: .seconds(20), accessToken: fx.adminToken) }

    static let typeCode = "verification:subsequent"

    static func make(_ name: String) async throws -> RecordsFixtures {
        let fx = try await IdentityFixtures.make(name)
        let user = try await fx.createUser("desk", roles: ["metrologist"])
        return RecordsFixtures(fx: fx, desk: Person(user: user, token: try await fx.login(user.username).accessToken, deviceID: nil))
    }

    func close() async { await fx.close() }

    // MARK: A published procedure

    struct Procedure: Sendable {
        let item: Metrology_Flows_V1_Item
        var typeCode: String { RecordsFixtures.typeCode }
        let version: Int32
        let items: [Metrology_Flows_V1_DataItem]
        let needs: [Metrology_Flows_V1_StandardNeed]
        /// The raw-record numbering rule's prefix ("" when none was set): numbers are prefix + 4 digits.
        let rawRecordPrefix: String
    }

    static func need(_ code: String, _ title: String) -> Metrology_Flows_V1_StandardNeed {
        var need = Metrology_Flows_V1_StandardNeed()
        need.code = code
        need.title = title
        return need
    }

    /// The kind of standard the procedure needs by default (standards of this category serve it).
    static let metalMeasure = need("metal_measure", "标准金属量器")

    /// A small procedure: the ten header fields (optional), two required numbers (the dispenser's reading and the
    /// standard's volume), a required 2 × 2 table of relative errors, a computed error, the mean per point, one
    /// judgement per point and the conclusion. Inputs in order: reading, standard_volume, errors[1,1], errors[1,2],
    /// errors[2,1], errors[2,2].
    static var procedureItems: [Metrology_Flows_V1_DataItem] {
        func item(
            _ code: String, _ title: String, kind: String, section: String, formula: String = "", unit: String = "", points: Int32 = 0,
            runs: Int32 = 0, required: Bool = false
        ) -> Metrology_Flows_V1_DataItem {
            var item = FlowsTests.dataItem(code, title, kind: kind, section: section, formula: formula, unit: unit, points: points, runs: runs)
            item.required = required
            return item
        }
        return HeaderFixture.items + [
            item("reading", "加油机示值", kind: "number", section: "measurement", unit: "L", required: true),
            item("standard_volume", "标准器示值", kind: "number", section: "measurement", unit: "L", required: true),
            item("errors", "示值误差读数", kind: "table", section: "measurement", unit: "%", points: 2, runs: 2, required: true),
            item("volume_error", "体积误差", kind: "computed", section: "result", formula: "ROUND(reading - standard_volume, 0.01)", unit: "L"),
            item("mean1", "流量点 1 平均误差", kind: "computed", section: "result", formula: "ROUND(AVERAGE(errors[1,*]), 0.01)", unit: "%"),
            item("mean2", "流量点 2 平均误差", kind: "computed", section: "result", formula: "ROUND(AVERAGE(errors[2,*]), 0.01)", unit: "%"),
            item("ok1", "流量点 1 判定", kind: "judgement", section: "result", formula: "ABSWITHIN(mean1, 0.3, \"full\", 0.01)"),
            item("ok2", "流量点 2 判定", kind: "judgement", section: "result", formula: "ABSWITHIN(mean2, 0.3, \"full\", 0.01)"),
            item("conclusion", "检定结论", kind: "conclusion", section: "conclusion", formula: "IF(ALL(ok1, ok2), \"合格\", \"不合格\")"),
        ]
    }

    /// A new item (unique code) with type verification:subsequent, its procedure published once with `items` and
    /// `needs`, and (with `numbering`) a raw-record numbering rule "<prefix>0001…".
    func publishedProcedure(
        _ name: String = "records", items: [Metrology_Flows_V1_DataItem] = RecordsFixtures.procedureItems,
        needs: [Metrology_Flows_V1_StandardNeed] = [RecordsFixtures.metalMeasure], numbering: Bool = true
    ) async throws -> Procedure {
        var create = Metrology_Flows_V1_CreateItemRequest()
        create.code = "fuel_" + UUID().uuidString.prefix(8).lowercased()
        create.name = "燃油加油机（\(name)）"
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = "standard_assessment"
        basis.certificateNo = "[2024]浙量标证字第 443 号"
        basis.validUntil = "2030-12-31"
        create.bases = [basis]
        let created = try await client.call(FlowsMethods.createItem, create, options: admin)
        var type = Metrology_Flows_V1_AddTestTypeRequest()
        type.itemID = created.id
        type.category = "verification"
        type.subtype = "subsequent"
        let item = try await client.call(FlowsMethods.addTestType, type, options: admin)

        var get = Metrology_Flows_V1_GetProcedureRequest()
        get.itemID = item.id
        get.typeCode = Self.typeCode
        let draft = try await client.call(FlowsMethods.getProcedure, get, options: admin)
        var save = Metrology_Flows_V1_SaveProcedureDraftRequest()
        save.itemID = item.id
        save.typeCode = Self.typeCode
        save.items = items
        save.standards = needs
        save.baseRevision = draft.draftRevision
        let saved = try await client.call(FlowsMethods.saveProcedureDraft, save, options: admin)
        var publish = Metrology_Flows_V1_PublishProcedureRequest()
        publish.itemID = item.id
        publish.typeCode = Self.typeCode
        publish.draftRevision = saved.draftRevision
        publish.note = "测试流程"
        let published = try await client.call(FlowsMethods.publishProcedure, publish, options: admin)

        var prefix = ""
        if numbering {
            prefix = "YS" + UUID().uuidString.prefix(6).uppercased() + "-"
            var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
            rule.itemID = item.id
            rule.typeCode = Self.typeCode
            rule.target = "raw_record"
            rule.prefix = prefix
            rule.datePattern = "none"
            rule.width = 4
            rule.start = 1
            _ = try await client.call(FlowsMethods.setNumberingRule, rule, options: admin)
        }
        return Procedure(item: item, version: published.latestVersion, items: items, needs: needs, rawRecordPrefix: prefix)
    }

    /// The raw-record rule's issued count (flows ListNumberingRules), to show a retry took no number.
    func rawRecordIssuedCount(_ procedure: Procedure) async throws -> Int64 {
        var request = Metrology_Flows_V1_ListNumberingRulesRequest()
        request.itemID = procedure.item.id
        let rules = try await client.call(FlowsMethods.listNumberingRules, request, options: admin)
        return rules.rules.first { $0.target == "raw_record" && $0.typeCode == Self.typeCode }?.issuedCount ?? 0
    }

    // MARK: People

    /// A signed-in person: on a console session (`deviceID` nil) or an enrolled phone.
    struct Person: Sendable {
        let user: Metrology_Identity_V1_User
        let token: String
        let deviceID: String?
        var options: CallOptions { .init(timeout: .seconds(20), accessToken: token, deviceID: deviceID) }
        /// The same caller with a fixed message id (a retried write).
        func options(messageID: String) -> CallOptions {
            .init(timeout: .seconds(20), messageID: messageID, accessToken: token, deviceID: deviceID)
        }
    }

    /// Someone with `roles` signed in on the console (no device).
    func person(_ prefix: String, roles: [String]) async throws -> Person {
        let user = try await fx.createUser(prefix, roles: roles)
        return Person(user: user, token: try await fx.login(user.username).accessToken, deviceID: nil)
    }

    /// A metrologist (records.enter/edit/query) approved and qualified for the procedure's item CODE until 2029
    /// (`qualified: false` leaves both out), signed in on an enrolled phone (`mobile: false`: on the console).
    func tester(
        for procedure: Procedure, prefix: String = "tester", roles: [String] = ["metrologist"], qualified: Bool = true, mobile: Bool = true
    ) async throws -> Person {
        let user = try await fx.createUser(prefix, roles: roles)
        if qualified { try await qualify(user, for: procedure.item.code) }
        guard mobile else { return Person(user: user, token: try await fx.login(user.username).accessToken, deviceID: nil) }
        let (session, deviceID) = try await fx.enrolledLogin(user.username, device: TestDevice())
        return Person(user: user, token: session.accessToken, deviceID: deviceID)
    }

    /// Approves `itemCode` for the user and adds a qualification covering it (2024-03-01 … 2029-02-28).
    func qualify(_ user: Metrology_Identity_V1_User, for itemCode: String) async throws {
        var approved = Metrology_Identity_V1_SetApprovedItemsRequest()
        approved.userID = user.id
        approved.items = [itemCode]
        _ = try await client.call(IdentityMethods.setApprovedItems, approved, options: admin)
        var qualification = Metrology_Identity_V1_AddQualificationRequest()
        qualification.userID = user.id
        qualification.certificateNo = "ZJ-" + UUID().uuidString.prefix(8)
        qualification.issuedOn = "2024-03-01"
        qualification.issuer = "省市场监督管理局"
        qualification.expiresOn = "2029-02-28"
        qualification.items = [itemCode]
        _ = try await client.call(IdentityMethods.addQualification, qualification, options: admin)
    }

    // MARK: Measurement standards

    /// A registered standard of `category` whose certificate is valid until `validUntil` (issued 2024-01-01).
    func standard(
        category: String = RecordsFixtures.metalMeasure.code, validUntil: String = "2030-12-31"
    ) async throws -> Metrology_Devices_V1_Standard {
        var request = Metrology_Devices_V1_CreateStandardRequest()
        request.code = "BZ-T" + UUID().uuidString.prefix(8).uppercased()
        request.name = "标准金属量器"
        request.model = "BJL-50"
        request.serialNumber = "SN-" + UUID().uuidString.prefix(6)
        request.measuringRange = "50 L"
        request.accuracy = "二等"
        request.kind = "standard"
        request.category = category
        var certificate = Metrology_Devices_V1_CalibrationCertificate()
        certificate.number = "JD-" + UUID().uuidString.prefix(8)
        certificate.issuer = "省计量科学研究院"
        certificate.issuedOn = "2024-01-01"
        certificate.validUntil = validUntil
        request.certificate = certificate
        return try await client.call(DevicesMethods.createStandard, request, options: admin)
    }

    /// One usable standard per need of the procedure, chosen for StartTask.
    func chosenStandards(for procedure: Procedure) async throws -> [Metrology_Records_V1_ChosenStandard] {
        var chosen: [Metrology_Records_V1_ChosenStandard] = []
        for need in procedure.needs {
            var choice = Metrology_Records_V1_ChosenStandard()
            choice.needCode = need.code
            choice.standardID = try await standard(category: need.code).id
            chosen.append(choice)
        }
        return chosen
    }

    // MARK: Customers, commissions, tasks

    struct CustomerWithInstrument: Sendable {
        let customer: Metrology_Records_V1_Customer
        let instrument: Metrology_Records_V1_Instrument
    }

    /// A customer (no USCC, a private person) with one instrument in its ledger (for `itemID`, if given).
    func customerWithInstrument(itemID: String = "") async throws -> CustomerWithInstrument {
        var customer = Metrology_Records_V1_CreateCustomerRequest()
        customer.name = "测试加油站" + UUID().uuidString.prefix(6)
        customer.address = "杭州市西湖区文三路 1 号"
        customer.contactPerson = "王经理"
        customer.contactPhone = "0571-88888888"
        let created = try await client.call(RecordsMethods.createCustomer, customer, options: desk.options)
        var instrument = Metrology_Records_V1_CreateInstrumentRequest()
        instrument.customerID = created.id
        instrument.name = "燃油加油机"
        instrument.model = "JYJ-2"
        instrument.serialNumber = "J" + UUID().uuidString.prefix(8)
        instrument.manufacturer = "正星科技"
        instrument.accuracyClass = "0.3 级"
        instrument.measuringRange = "(5~60) L/min"
        instrument.mandatory = true
        instrument.mandatoryUse = "trade"
        instrument.itemID = itemID
        instrument.cycleMonths = 6
        return CustomerWithInstrument(
            customer: created, instrument: try await client.call(RecordsMethods.createInstrument, instrument, options: desk.options))
    }

    /// A received desk commission with one line per instrument, for the procedure's item and type.
    func commission(
        for owner: CustomerWithInstrument, procedure: Procedure, instruments: [Metrology_Records_V1_Instrument]? = nil, as caller: Person? = nil
    ) async throws -> Metrology_Records_V1_Commission {
        var request = Metrology_Records_V1_CreateCommissionRequest()
        request.customerID = owner.customer.id
        request.source = "desk"
        request.requestedOn = "2026-12-10"
        request.lines = (instruments ?? [owner.instrument]).map { instrument in
            var line = Metrology_Records_V1_CommissionLineRequest()
            line.instrumentID = instrument.id
            line.itemID = procedure.item.id
            line.typeCode = Self.typeCode
            return line
        }
        return try await client.call(RecordsMethods.createCommission, request, options: caller?.options ?? desk.options)
    }

    /// Accepts a commission, every line assigned to `tester` (or unassigned), as `acceptor` (a fresh metrologist
    /// — records.edit and the raw-record entitlement — by default). `messageID` fixes the call's id (a retry).
    func accept(
        _ commission: Metrology_Records_V1_Commission, tester: Person?, as acceptor: Person, messageID: String? = nil
    ) async throws -> Metrology_Records_V1_Commission {
        var request = Metrology_Records_V1_AcceptCommissionRequest()
        request.commissionID = commission.id
        if let tester {
            request.assignments = commission.lines.map { line in
                var assignment = Metrology_Records_V1_LineAssignment()
                assignment.lineID = line.id
                assignment.testerID = tester.user.id
                return assignment
            }
        }
        let options = messageID.map { acceptor.options(messageID: $0) } ?? acceptor.options
        return try await client.call(RecordsMethods.acceptCommission, request, options: options)
    }

    func task(_ id: String, as caller: Person? = nil) async throws -> Metrology_Records_V1_Task {
        var request = Metrology_Records_V1_GetTaskRequest()
        request.taskID = id
        return try await client.call(RecordsMethods.getTask, request, options: caller?.options ?? desk.options)
    }

    /// A customer with an instrument, a commission for it accepted with the task assigned to `tester`: the task
    /// (state created, with its raw-record number).
    func acceptedTask(
        procedure: Procedure, tester: Person?
    ) async throws -> (commission: Metrology_Records_V1_Commission, task: Metrology_Records_V1_Task) {
        let owner = try await customerWithInstrument(itemID: procedure.item.id)
        let received = try await commission(for: owner, procedure: procedure)
        let acceptor = try await person("acceptor", roles: ["metrologist"])
        let accepted = try await accept(received, tester: tester, as: acceptor)
        guard let taskID = accepted.lines.first?.taskID, !taskID.isEmpty else { throw TestFailure("the accepted commission names no task") }
        return (accepted, try await task(taskID))
    }

    /// StartTask as `tester` with `standards` (one fresh usable standard per need by default).
    func start(
        _ taskID: String, as tester: Person, standards: [Metrology_Records_V1_ChosenStandard], messageID: String? = nil
    ) async throws -> Metrology_Records_V1_Task {
        var request = Metrology_Records_V1_StartTaskRequest()
        request.taskID = taskID
        request.standards = standards
        let options = messageID.map { tester.options(messageID: $0) } ?? tester.options
        return try await client.call(RecordsMethods.startTask, request, options: options)
    }

    /// An accepted task started by `tester` on their phone with usable standards: state in_progress, ready for entry.
    func startedTask(procedure: Procedure, tester: Person) async throws -> Metrology_Records_V1_Task {
        let (_, task) = try await acceptedTask(procedure: procedure, tester: tester)
        return try await start(task.id, as: tester, standards: try await chosenStandards(for: procedure))
    }
}
