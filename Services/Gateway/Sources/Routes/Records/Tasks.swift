import Contracts
import Foundation
import RecordsAPI
import SwiftProtobuf

/// `/v1/tasks*`: the tasks made at acceptance and their raw records (原始记录) — listed per view, started with the
/// standards chosen, filled value by value (or by an offline batch) in the procedure's order, submitted with the
/// tester's signature and reviewed. The caller's device comes with the request scope (`X-Device-Id`), not the body.
extension RecordsRoutes {
    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        let query = input.query
        var message = Metrology_Records_V1_ListTasksRequest()
        message.view = query.view ?? ""
        message.itemID = query.itemId ?? ""
        message.typeCode = query.typeCode ?? ""
        message.customerID = query.customerId ?? ""
        message.state = query.state ?? ""
        message.fromDate = query.fromDate ?? ""
        message.toDate = query.toDate ?? ""
        message.pageSize = query.pageSize ?? 0
        message.cursor = query.cursor ?? ""
        let response = try await call(RecordsMethods.listTasks, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        tasks: response.tasks.map(Components.Schemas.RecordTask.init), total: response.total,
                        nextCursor: response.nextCursor))))
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        var message = Metrology_Records_V1_GetTaskRequest()
        message.taskID = input.path.id
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.getTask, message)))))
    }

    func startTask(_ input: Operations.StartTask.Input) async throws -> Operations.StartTask.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_StartTaskRequest()
        message.taskID = input.path.id
        message.standards = body.standards.map { chosen in
            var standard = Metrology_Records_V1_ChosenStandard()
            standard.needCode = chosen.needCode
            standard.standardID = chosen.standardId
            return standard
        }
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.startTask, message)))))
    }

    func enterValue(_ input: Operations.EnterValue.Input) async throws -> Operations.EnterValue.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_EnterValueRequest()
        message.taskID = input.path.id
        message.cell = .init(body.cell)
        message.value = body.value
        message.baseRevision = body.baseRevision ?? 0
        if let capturedAt = body.capturedAt { message.capturedAt = Google_Protobuf_Timestamp(date: capturedAt) }
        message.reason = body.reason ?? ""
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.enterValue, message)))))
    }

    func enterOfflineBatch(_ input: Operations.EnterOfflineBatch.Input) async throws -> Operations.EnterOfflineBatch.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Records_V1_EnterOfflineBatchRequest()
        message.taskID = input.path.id
        message.values = body.values.map { captured in
            var value = Metrology_Records_V1_OfflineValue()
            value.clientID = captured.clientId
            value.cell = .init(captured.cell)
            value.value = captured.value
            if let capturedAt = captured.capturedAt { value.capturedAt = Google_Protobuf_Timestamp(date: capturedAt) }
            value.baseRevision = captured.baseRevision ?? 0
            value.reason = captured.reason ?? ""
            return value
        }
        return .ok(.init(body: .json(.init(try await call(RecordsMethods.enterOfflineBatch, message)))))
    }
}
