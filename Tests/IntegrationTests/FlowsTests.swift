import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import Testing

/// Test setup through the real flows service: items and their basis, procedures with formulas, templates,
/// regulations and numbering.
@Suite("Flows: test setup", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct FlowsTests {
    struct Setup: Sendable {
        let fx: IdentityFixtures
        let item: Metrology_Flows_V1_Item
        var options: CallOptions { .init(accessToken: fx.adminToken) }

        static func make(_ name: String, validUntil: String = "2030-12-31") async throws -> Setup {
            let fx = try await IdentityFixtures.make(name)
            var create = Metrology_Flows_V1_CreateItemRequest()
            create.code = "fuel_" + UUID().uuidString.prefix(6).lowercased()
            create.name = "燃油加油机"
            var basis = Metrology_Flows_V1_LegalBasis()
            basis.kind = "standard_assessment"
            basis.certificateNo = "[2024]浙量标证字第 443 号"
            basis.validUntil = validUntil
            create.bases = [basis]
            let item = try await fx.client.call(FlowsMethods.createItem, create, options: .init(accessToken: fx.adminToken))
            var type = Metrology_Flows_V1_AddTestTypeRequest()
            type.itemID = item.id
            type.category = "verification"
            type.subtype = "subsequent"
            return Setup(fx: fx, item: try await fx.client.call(FlowsMethods.addTestType, type, options: .init(accessToken: fx.adminToken)))
        }

        func procedure() async throws -> Metrology_Flows_V1_Procedure {
            var request = Metrology_Flows_V1_GetProcedureRequest()
            request.itemID = item.id
            request.typeCode = "verification:subsequent"
            return try await fx.client.call(FlowsMethods.getProcedure, request, options: options)
        }

        func save(_ items: [Metrology_Flows_V1_DataItem], revision: Int32) async throws -> Metrology_Flows_V1_Procedure {
            var request = Metrology_Flows_V1_SaveProcedureDraftRequest()
            request.itemID = item.id
            request.typeCode = "verification:subsequent"
            request.items = items
            request.baseRevision = revision
            return try await fx.client.call(FlowsMethods.saveProcedureDraft, request, options: options)
        }

        /// Sets the item's numbering rule for `target` (a sequence from 1 in a period of `datePattern`) and returns an
        /// IssueNumber request for it.
        func numbering(
            prefix: String, target: String = "raw_record", datePattern: String, width: Int32 = 6
        ) async throws -> Metrology_Flows_V1_IssueNumberRequest {
            var rule = Metrology_Flows_V1_SetNumberingRuleRequest()
            rule.itemID = item.id
            rule.typeCode = "verification:subsequent"
            rule.target = target
            rule.prefix = prefix
            rule.datePattern = datePattern
            rule.width = width
            rule.start = 1
            _ = try await fx.client.call(FlowsMethods.setNumberingRule, rule, options: options)
            var issue = Metrology_Flows_V1_IssueNumberRequest()
            issue.itemID = item.id
            issue.typeCode = "verification:subsequent"
            issue.target = target
            return issue
        }

        func publish(revision: Int32) async throws -> Metrology_Flows_V1_Procedure {
            var request = Metrology_Flows_V1_PublishProcedureRequest()
            request.itemID = item.id
            request.typeCode = "verification:subsequent"
            request.draftRevision = revision
            request.note = "按 JJG 443—2023"
            return try await fx.client.call(FlowsMethods.publishProcedure, request, options: options)
        }
    }

    static func dataItem(
        _ code: String, _ title: String, kind: String, section: String, formula: String = "", unit: String = "", points: Int32 = 0, runs: Int32 = 0
    )
        -> Metrology_Flows_V1_DataItem
    {
        var item = Metrology_Flows_V1_DataItem()
        item.code = code
        item.title = title
        item.kind = kind
        item.section = section
        item.formula = formula
        item.unit = unit
        item.points = points
        item.runs = runs
        return item
    }

    /// A fuel dispenser procedure: the header, a 3 × 3 table of relative errors, per-point means and judgements, a conclusion.
    static var fuelDispenser: [Metrology_Flows_V1_DataItem] {
        HeaderFixture.items + [
            dataItem("errors", "示值误差读数", kind: "table", section: "measurement", unit: "%", points: 3, runs: 3),
            dataItem("mean1", "流量点 1 平均误差", kind: "computed", section: "result", formula: "ROUND(AVERAGE(errors[1,*]), 0.01)", unit: "%"),
            dataItem("mean2", "流量点 2 平均误差", kind: "computed", section: "result", formula: "ROUND(AVERAGE(errors[2,*]), 0.01)", unit: "%"),
            dataItem("ok1", "流量点 1 判定", kind: "judgement", section: "result", formula: "ABSWITHIN(mean1, 0.3, \"full\", 0.01)"),
            dataItem("ok2", "流量点 2 判定", kind: "judgement", section: "result", formula: "ABSWITHIN(mean2, 0.3, \"full\", 0.01)"),
            dataItem("conclusion", "检定结论", kind: "conclusion", section: "conclusion", formula: "IF(ALL(ok1, ok2), \"合格\", \"不合格\")"),
        ]
    }

    @Test("an item needs a valid basis to be chosen; publishing validates and freezes versions; old versions never change")
    func proceduresAndVersions() async throws {
        let setup = try await Setup.make("flows-procedures")
        defer { Task { await setup.fx.close() } }
        #expect(setup.item.usable)
        #expect(setup.item.types.map(\.code) == ["verification:subsequent"])
        var usable = Metrology_Flows_V1_CheckItemUsableRequest()
        usable.itemID = setup.item.id
        usable.typeCode = "verification:subsequent"
        #expect(try await setup.fx.client.call(FlowsMethods.checkItemUsable, usable, options: setup.options).reason == "ITEM_NO_PUBLISHED_PROCEDURE")
        usable.onDate = "2031-01-01"
        #expect(try await setup.fx.client.call(FlowsMethods.checkItemUsable, usable, options: setup.options).reason == "ITEM_NO_VALID_BASIS")
        usable.onDate = ""

        let draft = try await setup.procedure()
        #expect(draft.draft.count == 10)  // the §4.2.3.4 a) header comes prefilled
        var publishEmpty = try await expectRPCError(.failedPrecondition) { _ = try await setup.publish(revision: draft.draftRevision) }
        #expect(publishEmpty.reason == "FLOWS_PROCEDURE_INVALID")

        // A bad formula is refused at save time with its item and position.
        var broken = Self.fuelDispenser
        broken[broken.count - 2].formula = "ABSWITHIN(mean2, 0.3, \"full\", 0.01) AND nosuch > 1"
        let refused = try await expectRPCError(.invalidArgument) { _ = try await setup.save(broken, revision: draft.draftRevision) }
        #expect(refused.details["itemCode"] == "ok2")
        #expect(refused.details["column"].flatMap(Int.init).map { $0 > 1 } == true)
        #expect(!refused.message.isEmpty)

        let saved = try await setup.save(Self.fuelDispenser, revision: draft.draftRevision)
        #expect(saved.draftRevision == draft.draftRevision + 1)
        let stale = try await expectRPCError(.aborted) { _ = try await setup.save(Self.fuelDispenser, revision: draft.draftRevision) }
        #expect(stale.reason == "FLOWS_DRAFT_STALE")

        let first = try await setup.publish(revision: saved.draftRevision)
        #expect(first.latestVersion == 1)
        #expect(try await setup.fx.client.call(FlowsMethods.checkItemUsable, usable, options: setup.options).procedureVersion == 1)

        // Reorder and publish again: version 2; version 1 keeps its order.
        var reordered = Self.fuelDispenser
        reordered.swapAt(0, 1)
        let edited = try await setup.save(reordered, revision: first.draftRevision)
        let second = try await setup.publish(revision: edited.draftRevision)
        #expect(second.latestVersion == 2)
        var get = Metrology_Flows_V1_GetProcedureVersionRequest()
        get.itemID = setup.item.id
        get.typeCode = "verification:subsequent"
        get.version = 1
        let v1 = try await setup.fx.client.call(FlowsMethods.getProcedureVersion, get, options: setup.options)
        #expect(v1.items.map(\.code) == Self.fuelDispenser.map(\.code))
        get.version = 2
        #expect(
            try await setup.fx.client.call(FlowsMethods.getProcedureVersion, get, options: setup.options).items.first?.code == reordered.first?.code)
        publishEmpty = try await expectRPCError(.aborted) { _ = try await setup.publish(revision: first.draftRevision) }
        #expect(publishEmpty.reason == "FLOWS_DRAFT_STALE")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = "procedure.published"
        audit.entityID = "\(setup.item.id)/verification:subsequent"
        #expect(try await setup.fx.client.call(AuditMethods.list("flows"), audit, options: setup.options).entries.count == 2)
        #expect(try await setup.fx.client.call(AuditMethods.verify("flows"), .init(), options: setup.options).intact)
    }

    @Test("try it: a formula is evaluated with sample values, showing each step; errors carry their position")
    func evaluate() async throws {
        let setup = try await Setup.make("flows-evaluate")
        defer { Task { await setup.fx.close() } }
        var request = Metrology_Flows_V1_EvaluateFormulaRequest()
        request.items = Self.fuelDispenser
        request.expression = "ROUND(AVERAGE(errors[1,*]), 0.01)"
        request.values = ["errors[1,1]": "0.125", "errors[1,2]": "0.135", "errors[1,3]": "0.140"]
        let result = try await setup.fx.client.call(FlowsMethods.evaluateFormula, request, options: setup.options)
        #expect(result.ok)
        #expect(result.value == "0.13")
        #expect(result.unit == "%")
        #expect(result.steps.count >= 2)
        request.expression = "AVERAGE(errors[1,*]) +"
        let bad = try await setup.fx.client.call(FlowsMethods.evaluateFormula, request, options: setup.options)
        #expect(!bad.ok)
        #expect(bad.error.code == "FORMULA_SYNTAX")
        #expect(bad.error.column > 0)
    }

    @Test("templates: hostile uploads are refused with the reason; bookmarks are checked against the procedure; versions are kept")
    func templates() async throws {
        let setup = try await Setup.make("flows-templates")
        defer { Task { await setup.fx.close() } }
        let draft = try await setup.procedure()
        _ = try await setup.save(Self.fuelDispenser, revision: draft.draftRevision)
        func importing(_ content: Data, filename: String = "原始记录.docx") async throws -> Metrology_Flows_V1_ImportTemplateResponse {
            var request = Metrology_Flows_V1_ImportTemplateRequest()
            request.itemID = setup.item.id
            request.typeCode = "verification:subsequent"
            request.kind = "raw_record"
            request.filename = filename
            request.content = content
            return try await setup.fx.client.call(FlowsMethods.importTemplate, request, options: setup.options)
        }
        let notZip = try await expectRPCError(.invalidArgument) { _ = try await importing(Data("plain text".utf8)) }
        #expect(notZip.reason == "TEMPLATE_NOT_ZIP")
        let macro = try await expectRPCError(.invalidArgument) {
            _ = try await importing(try OfficeFixtures.docx(bookmarks: ["client"], macro: true))
        }
        #expect(macro.reason == "TEMPLATE_MACROS")

        let withUnknown = try await importing(try OfficeFixtures.docx(bookmarks: ["client", "mean1", "no_such_item", "SIGN_TESTER"]))
        #expect(!withUnknown.accepted)
        #expect(withUnknown.issues.contains { $0.severity == "error" && $0.itemCode == "no_such_item" })
        #expect(withUnknown.fields.contains { $0.reserved == "SIGN_TESTER" })

        let good = try await importing(try OfficeFixtures.docx(bookmarks: ["client", "mean1", "conclusion", "RECORD_NO", "SIGN_TESTER"]))
        #expect(good.accepted)
        #expect(good.template.version == 1)
        #expect(good.issues.contains { $0.severity == "warning" && $0.itemCode == "mean2" })
        let again = try await importing(try OfficeFixtures.docx(bookmarks: ["client", "mean1", "mean2", "conclusion"]))
        #expect(again.template.version == 2)

        var list = Metrology_Flows_V1_ListTemplatesRequest()
        list.itemID = setup.item.id
        let versions = try await setup.fx.client.call(FlowsMethods.listTemplates, list, options: setup.options).templates
        #expect(versions.map(\.version) == [2, 1])
        var download = Metrology_Flows_V1_DownloadTemplateRequest()
        download.templateID = good.template.id
        let file = try await setup.fx.client.call(FlowsMethods.downloadTemplate, download, options: setup.options)
        #expect(SHA256.hash(data: file.content).map { String(format: "%02x", $0) }.joined() == good.template.sha256)
        #expect(file.contentType.contains("wordprocessingml"))
    }

    @Test("the item and regulation catalogues page on the server when asked, and answer whole for pickers")
    func cataloguesPage() async throws {
        let setup = try await Setup.make("flows-paging")
        defer { Task { await setup.fx.close() } }
        let prefix = "pg" + UUID().uuidString.prefix(6).lowercased()
        for index in 1...3 {
            var create = Metrology_Flows_V1_CreateItemRequest()
            create.code = "\(prefix)_\(index)"
            create.name = "分页项目 \(index)"
            _ = try await setup.fx.client.call(FlowsMethods.createItem, create, options: setup.options)
            var regulation = Metrology_Flows_V1_ImportRegulationRequest()
            regulation.code = "JJG \(prefix)—\(index)"
            regulation.title = "分页规程 \(index)"
            regulation.effectiveOn = "2023-09-01"
            regulation.filename = "r.pdf"
            regulation.content = Data("%PDF-1.7\n%分页\n".utf8)
            _ = try await setup.fx.client.call(FlowsMethods.importRegulation, regulation, options: setup.options)
        }
        var items = Metrology_Flows_V1_ListItemsRequest()
        items.query = prefix
        let whole = try await setup.fx.client.call(FlowsMethods.listItems, items, options: setup.options)
        #expect(whole.items.map(\.code) == ["\(prefix)_1", "\(prefix)_2", "\(prefix)_3"] && whole.total == 3)
        items.page = 2
        items.pageSize = 2
        let second = try await setup.fx.client.call(FlowsMethods.listItems, items, options: setup.options)
        #expect(second.items.map(\.code) == ["\(prefix)_3"] && second.total == 3 && second.page == 2 && second.pageSize == 2)
        items.pageSize = 201
        #expect(
            try await expectRPCError(.invalidArgument) { _ = try await setup.fx.client.call(FlowsMethods.listItems, items, options: setup.options) }
                .reason == "PAGE_INVALID")

        var regulations = Metrology_Flows_V1_ListRegulationsRequest()
        regulations.query = prefix
        regulations.page = 1
        regulations.pageSize = 2
        let first = try await setup.fx.client.call(FlowsMethods.listRegulations, regulations, options: setup.options)
        #expect(first.regulations.map(\.title) == ["分页规程 1", "分页规程 2"] && first.total == 3)
        regulations.page = 3
        let beyond = try await setup.fx.client.call(FlowsMethods.listRegulations, regulations, options: setup.options)
        #expect(beyond.regulations.isEmpty && beyond.total == 3)
    }

    @Test("regulations: imported with code, status and items, searchable, repealed with what replaces them")
    func regulations() async throws {
        let setup = try await Setup.make("flows-regulations")
        defer { Task { await setup.fx.close() } }
        let code = "JJG 443—\(Int.random(in: 3000...9999))"
        var request = Metrology_Flows_V1_ImportRegulationRequest()
        request.code = code
        request.title = "燃油加油机检定规程"
        request.effectiveOn = "2023-09-01"
        request.itemCodes = [setup.item.code]
        request.filename = "JJG443.pdf"
        request.content = Data("%PDF-1.7\n%测试\n".utf8)
        let imported = try await setup.fx.client.call(FlowsMethods.importRegulation, request, options: setup.options)
        #expect(imported.status == "current" && imported.format == "pdf")
        request.content = Data("MZ executable".utf8)
        request.code = code + "x"
        #expect(
            try await expectRPCError(.invalidArgument) {
                _ = try await setup.fx.client.call(FlowsMethods.importRegulation, request, options: setup.options)
            }.reason == "FLOWS_REGULATION_FILE_INVALID")

        var search = Metrology_Flows_V1_ListRegulationsRequest()
        search.query = "加油机"
        search.itemCode = setup.item.code
        #expect(try await setup.fx.client.call(FlowsMethods.listRegulations, search, options: setup.options).regulations.map(\.code) == [code])
        var get = Metrology_Flows_V1_GetItemRequest()
        get.itemID = setup.item.id
        #expect(try await setup.fx.client.call(FlowsMethods.getItem, get, options: setup.options).regulationCodes == [code])

        var repeal = Metrology_Flows_V1_UpdateRegulationRequest()
        repeal.regulationID = imported.id
        repeal.status = "repealed"
        repeal.replacedBy = "JJG 443—2030"
        let repealed = try await setup.fx.client.call(FlowsMethods.updateRegulation, repeal, options: setup.options)
        #expect(repealed.status == "repealed" && repealed.replacedBy == "JJG 443—2030")
        var download = Metrology_Flows_V1_DownloadRegulationRequest()
        download.regulationID = imported.id
        #expect(
            try await setup.fx.client.call(FlowsMethods.downloadRegulation, download, options: setup.options).content.starts(with: Array("%PDF".utf8))
        )
    }
}

/// The ten header items, as a procedure must carry them.
enum HeaderFixture {
    static var items: [Metrology_Flows_V1_DataItem] {
        let headers: [(String, String, String)] = [
            ("client", "委托单位", "text"), ("accuracy", "计量器具准确度", "text"), ("model", "计量器具型号", "text"),
            ("manufacturer", "制造单位名称", "text"), ("serial_number", "产品出厂编号", "text"), ("user_address", "使用单位地址", "text"),
            ("manufacture_date", "出厂日期", "date"), ("test_date", "检定日期", "date"), ("next_test_date", "下次检定日期", "date"),
            ("conclusion_note", "结论说明", "text"),
        ]
        return headers.map { code, title, kind in
            var item = FlowsTests.dataItem(code, title, kind: kind, section: "header")
            item.headerField = code
            return item
        }
    }
}
