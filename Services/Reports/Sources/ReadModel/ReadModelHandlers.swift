import Auth
import Contracts
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// GetReadModelStatus (reports.query) and RebuildReadModel (setup.manage).
struct ReadModelHandlers: Sendable {
    let database: PostgresClient
    let rebuilder: ReadModelRebuilder

    func register(on router: inout ServiceRouter) {
        router.query(ReportsMethods.getReadModelStatus, access: .permission(.reportsQuery), getReadModelStatus)
        router.query(ReportsMethods.rebuildReadModel, access: .permission(.setupManage), rebuildReadModel)
    }

    func getReadModelStatus(
        _ request: Metrology_Reports_V1_GetReadModelStatusRequest, _ context: CallContext
    ) async throws
        -> Metrology_Reports_V1_ReadModelStatus
    {
        try await ReadModelStatusStore.status(database: database, scope: ReaderScope(try context.caller()), logger: context.logger)
    }

    /// Starts the rebuild and answers at once with the status; a retry while it runs starts nothing more. The request
    /// is audited (who emptied the statistics and when), in a transaction of its own before the rebuild starts.
    func rebuildReadModel(
        _ request: Metrology_Reports_V1_RebuildReadModelRequest, _ context: CallContext
    ) async throws
        -> Metrology_Reports_V1_ReadModelStatus
    {
        if !rebuilder.isRunning {
            try await database.transaction(logger: context.logger) { connection in
                try await context.audit(
                    "read_model.rebuild", entityType: "read_model", entityID: ResultsReadModel.name,
                    summary: "重建统计报表读模型（重放检定记录与证书事件）", on: connection)
            }
            rebuilder.start()
        }
        var status = try await ReadModelStatusStore.status(database: database, scope: ReaderScope(try context.caller()), logger: context.logger)
        status.state = "rebuilding"
        return status
    }
}
