/// The reports service's RPCs (reports.proto); WhoAmI is in WhoAmIMethods.
public enum ReportsMethods {
    static let prefix = "/metrology.reports.v1.ReportsService/"

    static func method<Request, Response>(_ name: String) -> RPCMethod<Request, Response> {
        RPCMethod(service: "reports", fullName: prefix + name)
    }

    // Statistics
    public static let listReportFields: RPCMethod<Metrology_Reports_V1_ListReportFieldsRequest, Metrology_Reports_V1_ListReportFieldsResponse> =
        method("ListReportFields")
    public static let queryStatistics: RPCMethod<Metrology_Reports_V1_StatisticsQuery, Metrology_Reports_V1_StatisticsPage> = method(
        "QueryStatistics")
    public static let exportStatistics: RPCMethod<Metrology_Reports_V1_ExportStatisticsRequest, Metrology_Reports_V1_ExportChunk> =
        method("ExportStatistics")
    public static let saveReport: RPCMethod<Metrology_Reports_V1_SaveReportRequest, Metrology_Reports_V1_SavedReport> = method("SaveReport")
    public static let listReports: RPCMethod<Metrology_Reports_V1_ListReportsRequest, Metrology_Reports_V1_ListReportsResponse> = method(
        "ListReports")
    public static let deleteReport: RPCMethod<Metrology_Reports_V1_DeleteReportRequest, Metrology_Reports_V1_DeleteReportResponse> =
        method("DeleteReport")
    public static let getReadModelStatus: RPCMethod<Metrology_Reports_V1_GetReadModelStatusRequest, Metrology_Reports_V1_ReadModelStatus> =
        method("GetReadModelStatus")
    public static let rebuildReadModel: RPCMethod<Metrology_Reports_V1_RebuildReadModelRequest, Metrology_Reports_V1_ReadModelStatus> =
        method("RebuildReadModel")

    // Feed
    public static let readFeed: RPCMethod<Metrology_Reports_V1_ReadFeedRequest, Metrology_Reports_V1_ReadFeedResponse> = method("ReadFeed")
    public static let listFeedKeys: RPCMethod<Metrology_Reports_V1_ListFeedKeysRequest, Metrology_Reports_V1_ListFeedKeysResponse> = method(
        "ListFeedKeys")
    public static let createFeedConsumer: RPCMethod<Metrology_Reports_V1_CreateFeedConsumerRequest, Metrology_Reports_V1_CreatedFeedConsumer> =
        method("CreateFeedConsumer")
    public static let listFeedConsumers: RPCMethod<Metrology_Reports_V1_ListFeedConsumersRequest, Metrology_Reports_V1_ListFeedConsumersResponse> =
        method("ListFeedConsumers")
    public static let disableFeedConsumer: RPCMethod<Metrology_Reports_V1_DisableFeedConsumerRequest, Metrology_Reports_V1_FeedConsumer> =
        method("DisableFeedConsumer")

    // Evaluation
    public static let evaluateFailureRates: RPCMethod<Metrology_Reports_V1_EvaluationQuery, Metrology_Reports_V1_FailureRateReport> =
        method("EvaluateFailureRates")
    public static let evaluateTrends: RPCMethod<Metrology_Reports_V1_EvaluationQuery, Metrology_Reports_V1_TrendReport> = method("EvaluateTrends")
    public static let evaluateDrift: RPCMethod<Metrology_Reports_V1_DriftQuery, Metrology_Reports_V1_DriftReport> = method("EvaluateDrift")
}
