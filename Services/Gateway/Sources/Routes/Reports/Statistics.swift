import Contracts
import ReportsAPI

/// `/v1/reports/fields`, `/v1/reports/query`: the field catalogue and one page of a statistics query.
extension ReportsRoutes {
    func listReportFields(_ input: Operations.ListReportFields.Input) async throws -> Operations.ListReportFields.Output {
        let response = try await call(ReportsMethods.listReportFields, Metrology_Reports_V1_ListReportFieldsRequest())
        return .ok(.init(body: .json(.init(fields: response.fields.map(Components.Schemas.ReportField.init)))))
    }

    func queryStatistics(_ input: Operations.QueryStatistics.Input) async throws -> Operations.QueryStatistics.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return .ok(.init(body: .json(.init(try await call(ReportsMethods.queryStatistics, body.message)))))
    }
}
