import Contracts
import ReportsAPI

/// `/v1/reports/read-model*`: the statistics read model's state and lag, and its rebuild.
extension ReportsRoutes {
    func getReadModelStatus(_ input: Operations.GetReadModelStatus.Input) async throws -> Operations.GetReadModelStatus.Output {
        .ok(.init(body: .json(.init(try await call(ReportsMethods.getReadModelStatus, Metrology_Reports_V1_GetReadModelStatusRequest())))))
    }

    func rebuildReadModel(_ input: Operations.RebuildReadModel.Input) async throws -> Operations.RebuildReadModel.Output {
        .ok(.init(body: .json(.init(try await call(ReportsMethods.rebuildReadModel, Metrology_Reports_V1_RebuildReadModelRequest())))))
    }
}
