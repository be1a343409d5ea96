import Auth
import Contracts
import Foundation
public import ServiceBootstrap
public import ServiceKit

/// The flows service: test setup (检测设置, seed 000 §4.2.3, §4.3.5–§4.3.8). Authorized users, not programmers,
/// define how every test is done: items and their legal basis, procedures with formulas and judgements, templates,
/// regulations and numbering.
public struct FlowsService: Sendable {
    public let runtime: ServiceRuntime

    public init(settings: ServiceSettings) {
        runtime = ServiceRuntime(settings: settings)
    }

    public func run() async throws {
        try await runtime.run(migrations: try ServiceRuntime.migrations(in: .module), routes: routes)
    }

    /// The RPC table: every rpc of flows.proto has its handler here (ServiceShapeTests fails otherwise).
    public func routes(_ router: inout ServiceRouter) {
        let whoAmI = WhoAmIHandler()
        let itemStore = ItemStore(client: runtime.database)
        let procedureStore = ProcedureStore(client: runtime.database)
        let items = ItemHandlers(items: itemStore, procedures: procedureStore)
        let procedures = ProcedureHandlers(items: itemStore, procedures: procedureStore)
        let formulas = FormulaHandlers(procedures: procedureStore)
        let templates = TemplateHandlers(items: itemStore, procedures: procedureStore, store: TemplateStore(client: runtime.database))
        let regulations = RegulationHandlers(store: RegulationStore(client: runtime.database))
        let numbering = NumberingHandlers(items: itemStore, store: NumberingStore(client: runtime.database), writer: router.writer)
        router.query(WhoAmIMethods.flows, access: .authenticated, whoAmI.whoAmI)
        // Everyone who works reads the setup; only the right administrators change it.
        router.query(FlowsMethods.listItems, access: .authenticated, items.listItems)
        router.query(FlowsMethods.getItem, access: .authenticated, items.getItem)
        router.write(FlowsMethods.createItem, access: .permission(.setupManage), items.createItem)
        router.write(FlowsMethods.updateItem, access: .permission(.setupManage), items.updateItem)
        router.write(FlowsMethods.addTestType, access: .permission(.setupManage), items.addTestType)
        router.query(FlowsMethods.checkItemUsable, access: .authenticated, items.checkItemUsable)
        router.write(FlowsMethods.setItemRetired, access: .permission(.setupManage), items.setItemRetired)
        router.write(FlowsMethods.setTestTypeRetired, access: .permission(.setupManage), items.setTestTypeRetired)

        router.query(FlowsMethods.getProcedure, access: .authenticated, procedures.getProcedure)
        router.write(FlowsMethods.saveProcedureDraft, access: .permission(.setupManage), procedures.saveProcedureDraft)
        router.query(FlowsMethods.validateProcedure, access: .authenticated, procedures.validateProcedure)
        router.write(FlowsMethods.publishProcedure, access: .permission(.setupManage), procedures.publishProcedure)
        router.query(FlowsMethods.getProcedureVersion, access: .authenticated, procedures.getProcedureVersion)
        router.query(FlowsMethods.listProcedureVersions, access: .authenticated, procedures.listProcedureVersions)
        router.query(FlowsMethods.evaluateFormula, access: .authenticated, formulas.evaluateFormula)

        router.write(FlowsMethods.importTemplate, access: .permission(.templatesManage), templates.importTemplate)
        router.query(FlowsMethods.listTemplates, access: .authenticated, templates.listTemplates)
        router.query(FlowsMethods.downloadTemplate, access: .authenticated, templates.downloadTemplate)

        router.write(FlowsMethods.importRegulation, access: .permission(.setupManage), regulations.importRegulation)
        router.write(FlowsMethods.updateRegulation, access: .permission(.setupManage), regulations.updateRegulation)
        router.query(FlowsMethods.listRegulations, access: .authenticated, regulations.listRegulations)
        router.query(FlowsMethods.downloadRegulation, access: .authenticated, regulations.downloadRegulation)

        router.write(FlowsMethods.setNumberingRule, access: .permission(.numberingManage), numbering.setNumberingRule)
        router.query(FlowsMethods.listNumberingRules, access: .authenticated, numbering.listNumberingRules)
        router.query(FlowsMethods.previewNumbers, access: .authenticated, numbering.previewNumbers)
        // Records and certificates take numbers on behalf of the staff who create them; concurrent calls of one rule
        // commit together.
        router.write(FlowsMethods.issueNumber, access: .authenticated, together: numbering.issueNumberTogether, numbering.issueNumber)
    }
}
