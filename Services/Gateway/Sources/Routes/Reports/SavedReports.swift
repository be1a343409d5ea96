import Contracts
import ReportsAPI

/// `/v1/reports/saved*`: the caller's saved report definitions.
extension ReportsRoutes {
    func listSavedReports(_ input: Operations.ListSavedReports.Input) async throws -> Operations.ListSavedReports.Output {
        let response = try await call(ReportsMethods.listReports, Metrology_Reports_V1_ListReportsRequest())
        return .ok(.init(body: .json(.init(reports: response.reports.map(Components.Schemas.SavedReport.init)))))
    }

    func saveReport(_ input: Operations.SaveReport.Input) async throws -> Operations.SaveReport.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var request = Metrology_Reports_V1_SaveReportRequest()
        request.name = body.name
        request.definition = body.definition.message
        return .ok(.init(body: .json(.init(try await call(ReportsMethods.saveReport, request)))))
    }

    func deleteSavedReport(_ input: Operations.DeleteSavedReport.Input) async throws -> Operations.DeleteSavedReport.Output {
        var request = Metrology_Reports_V1_DeleteReportRequest()
        request.reportID = input.path.id
        let response = try await call(ReportsMethods.deleteReport, request)
        return .ok(.init(body: .json(.init(deleted: response.deleted))))
    }
}
