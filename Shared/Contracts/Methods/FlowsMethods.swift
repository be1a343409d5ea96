/// The RPCs of metrology.flows.v1.FlowsService (WhoAmI is in WhoAmIMethods).
public enum FlowsMethods {
    static let prefix = "/metrology.flows.v1.FlowsService/"

    public static let listItems = RPCMethod<Metrology_Flows_V1_ListItemsRequest, Metrology_Flows_V1_ListItemsResponse>(
        service: "flows", fullName: prefix + "ListItems")
    public static let getItem = RPCMethod<Metrology_Flows_V1_GetItemRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "GetItem")
    public static let createItem = RPCMethod<Metrology_Flows_V1_CreateItemRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "CreateItem")
    public static let updateItem = RPCMethod<Metrology_Flows_V1_UpdateItemRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "UpdateItem")
    public static let addTestType = RPCMethod<Metrology_Flows_V1_AddTestTypeRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "AddTestType")
    public static let checkItemUsable = RPCMethod<Metrology_Flows_V1_CheckItemUsableRequest, Metrology_Flows_V1_CheckItemUsableResponse>(
        service: "flows", fullName: prefix + "CheckItemUsable")
    public static let setItemRetired = RPCMethod<Metrology_Flows_V1_SetItemRetiredRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "SetItemRetired")
    public static let setTestTypeRetired = RPCMethod<Metrology_Flows_V1_SetTestTypeRetiredRequest, Metrology_Flows_V1_Item>(
        service: "flows", fullName: prefix + "SetTestTypeRetired")
    public static let getProcedure = RPCMethod<Metrology_Flows_V1_GetProcedureRequest, Metrology_Flows_V1_Procedure>(
        service: "flows", fullName: prefix + "GetProcedure")
    public static let saveProcedureDraft = RPCMethod<Metrology_Flows_V1_SaveProcedureDraftRequest, Metrology_Flows_V1_Procedure>(
        service: "flows", fullName: prefix + "SaveProcedureDraft")
    public static let validateProcedure = RPCMethod<Metrology_Flows_V1_GetProcedureRequest, Metrology_Flows_V1_ProcedureValidation>(
        service: "flows", fullName: prefix + "ValidateProcedure")
    public static let publishProcedure = RPCMethod<Metrology_Flows_V1_PublishProcedureRequest, Metrology_Flows_V1_Procedure>(
        service: "flows", fullName: prefix + "PublishProcedure")
    public static let getProcedureVersion = RPCMethod<Metrology_Flows_V1_GetProcedureVersionRequest, Metrology_Flows_V1_ProcedureVersion>(
        service: "flows", fullName: prefix + "GetProcedureVersion")
    public static let listProcedureVersions = RPCMethod<Metrology_Flows_V1_GetProcedureRequest, Metrology_Flows_V1_ListProcedureVersionsResponse>(
        service: "flows", fullName: prefix + "ListProcedureVersions")
    public static let evaluateFormula = RPCMethod<Metrology_Flows_V1_EvaluateFormulaRequest, Metrology_Flows_V1_EvaluateFormulaResponse>(
        service: "flows", fullName: prefix + "EvaluateFormula")
    public static let importTemplate = RPCMethod<Metrology_Flows_V1_ImportTemplateRequest, Metrology_Flows_V1_ImportTemplateResponse>(
        service: "flows", fullName: prefix + "ImportTemplate")
    public static let listTemplates = RPCMethod<Metrology_Flows_V1_ListTemplatesRequest, Metrology_Flows_V1_ListTemplatesResponse>(
        service: "flows", fullName: prefix + "ListTemplates")
    public static let downloadTemplate = RPCMethod<Metrology_Flows_V1_DownloadTemplateRequest, Metrology_Flows_V1_TemplateFile>(
        service: "flows", fullName: prefix + "DownloadTemplate")
    public static let importRegulation = RPCMethod<Metrology_Flows_V1_ImportRegulationRequest, Metrology_Flows_V1_Regulation>(
        service: "flows", fullName: prefix + "ImportRegulation")
    public static let updateRegulation = RPCMethod<Metrology_Flows_V1_UpdateRegulationRequest, Metrology_Flows_V1_Regulation>(
        service: "flows", fullName: prefix + "UpdateRegulation")
    public static let listRegulations = RPCMethod<Metrology_Flows_V1_ListRegulationsRequest, Metrology_Flows_V1_ListRegulationsResponse>(
        service: "flows", fullName: prefix + "ListRegulations")
    public static let downloadRegulation = RPCMethod<Metrology_Flows_V1_DownloadRegulationRequest, Metrology_Flows_V1_RegulationFile>(
        service: "flows", fullName: prefix + "DownloadRegulation")
    public static let setNumberingRule = RPCMethod<Metrology_Flows_V1_SetNumberingRuleRequest, Metrology_Flows_V1_NumberingRule>(
        service: "flows", fullName: prefix + "SetNumberingRule")
    public static let listNumberingRules = RPCMethod<Metrology_Flows_V1_ListNumberingRulesRequest, Metrology_Flows_V1_ListNumberingRulesResponse>(
        service: "flows", fullName: prefix + "ListNumberingRules")
    public static let previewNumbers = RPCMethod<Metrology_Flows_V1_PreviewNumbersRequest, Metrology_Flows_V1_PreviewNumbersResponse>(
        service: "flows", fullName: prefix + "PreviewNumbers")
    public static let issueNumber = RPCMethod<Metrology_Flows_V1_IssueNumberRequest, Metrology_Flows_V1_IssuedNumber>(
        service: "flows", fullName: prefix + "IssueNumber")
}
