/// The RPCs of metrology.records.v1.RecordsService (WhoAmI is in WhoAmIMethods).
public enum RecordsMethods {
    static let prefix = "/metrology.records.v1.RecordsService/"

    public static let listCustomers = RPCMethod<Metrology_Records_V1_ListCustomersRequest, Metrology_Records_V1_ListCustomersResponse>(
        service: "records", fullName: prefix + "ListCustomers")
    public static let getCustomer = RPCMethod<Metrology_Records_V1_GetCustomerRequest, Metrology_Records_V1_Customer>(
        service: "records", fullName: prefix + "GetCustomer")
    public static let createCustomer = RPCMethod<Metrology_Records_V1_CreateCustomerRequest, Metrology_Records_V1_Customer>(
        service: "records", fullName: prefix + "CreateCustomer")
    public static let updateCustomer = RPCMethod<Metrology_Records_V1_UpdateCustomerRequest, Metrology_Records_V1_Customer>(
        service: "records", fullName: prefix + "UpdateCustomer")
    public static let listInstruments = RPCMethod<Metrology_Records_V1_ListInstrumentsRequest, Metrology_Records_V1_ListInstrumentsResponse>(
        service: "records", fullName: prefix + "ListInstruments")
    public static let getInstrument = RPCMethod<Metrology_Records_V1_GetInstrumentRequest, Metrology_Records_V1_Instrument>(
        service: "records", fullName: prefix + "GetInstrument")
    public static let createInstrument = RPCMethod<Metrology_Records_V1_CreateInstrumentRequest, Metrology_Records_V1_Instrument>(
        service: "records", fullName: prefix + "CreateInstrument")
    public static let updateInstrument = RPCMethod<Metrology_Records_V1_UpdateInstrumentRequest, Metrology_Records_V1_Instrument>(
        service: "records", fullName: prefix + "UpdateInstrument")
    public static let importInstruments = RPCMethod<Metrology_Records_V1_ImportInstrumentsRequest, Metrology_Records_V1_ImportInstrumentsResponse>(
        service: "records", fullName: prefix + "ImportInstruments")
    public static let listCommissions = RPCMethod<Metrology_Records_V1_ListCommissionsRequest, Metrology_Records_V1_ListCommissionsResponse>(
        service: "records", fullName: prefix + "ListCommissions")
    public static let getCommission = RPCMethod<Metrology_Records_V1_GetCommissionRequest, Metrology_Records_V1_Commission>(
        service: "records", fullName: prefix + "GetCommission")
    public static let createCommission = RPCMethod<Metrology_Records_V1_CreateCommissionRequest, Metrology_Records_V1_Commission>(
        service: "records", fullName: prefix + "CreateCommission")
    public static let acceptCommission = RPCMethod<Metrology_Records_V1_AcceptCommissionRequest, Metrology_Records_V1_Commission>(
        service: "records", fullName: prefix + "AcceptCommission")
    public static let refuseCommission = RPCMethod<Metrology_Records_V1_RefuseCommissionRequest, Metrology_Records_V1_Commission>(
        service: "records", fullName: prefix + "RefuseCommission")
    public static let listTasks = RPCMethod<Metrology_Records_V1_ListTasksRequest, Metrology_Records_V1_ListTasksResponse>(
        service: "records", fullName: prefix + "ListTasks")
    public static let getTask = RPCMethod<Metrology_Records_V1_GetTaskRequest, Metrology_Records_V1_Task>(
        service: "records", fullName: prefix + "GetTask")
    public static let startTask = RPCMethod<Metrology_Records_V1_StartTaskRequest, Metrology_Records_V1_Task>(
        service: "records", fullName: prefix + "StartTask")
    public static let enterValue = RPCMethod<Metrology_Records_V1_EnterValueRequest, Metrology_Records_V1_EntryResult>(
        service: "records", fullName: prefix + "EnterValue")
    public static let enterOfflineBatch = RPCMethod<Metrology_Records_V1_EnterOfflineBatchRequest, Metrology_Records_V1_OfflineBatchResult>(
        service: "records", fullName: prefix + "EnterOfflineBatch")
    public static let prepareSubmission = RPCMethod<Metrology_Records_V1_PrepareSubmissionRequest, Metrology_Records_V1_Submission>(
        service: "records", fullName: prefix + "PrepareSubmission")
    public static let submitTask = RPCMethod<Metrology_Records_V1_SubmitTaskRequest, Metrology_Records_V1_Task>(
        service: "records", fullName: prefix + "SubmitTask")
    public static let prepareReview = RPCMethod<Metrology_Records_V1_PrepareSubmissionRequest, Metrology_Records_V1_Submission>(
        service: "records", fullName: prefix + "PrepareReview")
    public static let reviewTask = RPCMethod<Metrology_Records_V1_ReviewTaskRequest, Metrology_Records_V1_Task>(
        service: "records", fullName: prefix + "ReviewTask")
}
