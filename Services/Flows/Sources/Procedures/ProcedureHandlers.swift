import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Procedures (检测流程, §4.3.5): the draft is edited freely (order included); publishing validates it and freezes it
/// as a new version. Work that started keeps the version it started with, since versions never change.
struct ProcedureHandlers: Sendable {
    let items: ItemStore
    let procedures: ProcedureStore

    func getProcedure(_ request: Metrology_Flows_V1_GetProcedureRequest, _ context: CallContext) async throws -> Metrology_Flows_V1_Procedure {
        let id = try ItemHandlers.itemID(request.itemID)
        return try await items.client.withConnection { connection in
            try await procedure(item: id, type: request.typeCode, on: connection, context: context)
        }
    }

    func saveProcedureDraft(
        _ request: Metrology_Flows_V1_SaveProcedureDraftRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Procedure
    {
        let id = try ItemHandlers.itemID(request.itemID)
        guard let draft = try await procedures.draft(item: id, type: request.typeCode, lock: true, on: connection, logger: context.logger) else {
            throw Self.notFound
        }
        guard request.baseRevision == draft.revision else {
            throw RPCError(
                code: .aborted, message: "检测流程已被他人修改（当前版本 \(draft.revision)），请刷新后再保存", reason: "FLOWS_DRAFT_STALE",
                details: ["revision": "\(draft.revision)"])
        }
        guard request.items.count <= 500 else { throw RPCError.invalidArgument("数据项不能超过 500 个", reason: "FLOWS_TOO_MANY_ITEMS") }
        let items = try DataItemInput.checked(request.items)
        let standards = try StandardNeedInput.checked(request.standards)
        // Each item and each formula is checked at once; the first error comes back with its item and position.
        var problems = DataItemRules.issues(of: items)
        if problems.isEmpty { problems = FormulaBridge.check(items) }
        if let first = problems.first(where: { $0.severity == "error" }) {
            throw RPCError.invalidArgument(
                first.message, reason: first.code,
                details: ["itemCode": first.itemCode, "line": "\(first.line)", "column": "\(first.column)", "length": "\(first.length)"])
        }
        let caller = try context.caller()
        let revision = try await procedures.saveDraft(
            item: id, type: request.typeCode, items: items, standards: standards, by: caller.displayName, on: connection, logger: context.logger)
        try await context.audit(
            "procedure.draft_saved", entityType: "procedure", entityID: "\(request.itemID)/\(request.typeCode)",
            summary: "保存检测流程草稿（\(TestTypeCatalog.title(of: request.typeCode))），共 \(items.count) 项",
            details: [
                "revision": "\(revision)", "order": items.map(\.code).joined(separator: ","),
                "standards": standards.map { "\($0.code)=\($0.title)" }.joined(separator: ","),
            ], on: connection)
        return try await procedure(item: id, type: request.typeCode, on: connection, context: context)
    }

    func validateProcedure(
        _ request: Metrology_Flows_V1_GetProcedureRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ProcedureValidation {
        let procedure = try await getProcedure(request, context)
        return ProcedureValidator.validate(procedure.draft)
    }

    func publishProcedure(
        _ request: Metrology_Flows_V1_PublishProcedureRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Procedure
    {
        let id = try ItemHandlers.itemID(request.itemID)
        guard let item = try await items.item(id: id, on: connection, logger: context.logger),
            let draft = try await procedures.draft(item: id, type: request.typeCode, lock: true, on: connection, logger: context.logger)
        else { throw Self.notFound }
        guard request.draftRevision == draft.revision else {
            throw RPCError(code: .aborted, message: "草稿已变更，请检查最新内容后再发布", reason: "FLOWS_DRAFT_STALE", details: ["revision": "\(draft.revision)"])
        }
        let validation = ProcedureValidator.validate(draft.items)
        guard validation.ok else {
            let first = validation.issues.first { $0.severity == "error" }!
            throw RPCError(
                code: .failedPrecondition, message: "检测流程校验未通过：\(first.message)", reason: "FLOWS_PROCEDURE_INVALID",
                details: ["itemCode": first.itemCode, "code": first.code, "errors": "\(validation.issues.filter { $0.severity == "error" }.count)"])
        }
        let note = try HumanText(field: "note", lines: .multiple, maxLength: 200).check(request.note)
        let caller = try context.caller()
        let version = try await procedures.latestVersion(item: id, type: request.typeCode, on: connection, logger: context.logger) + 1
        try await procedures.publish(
            item: id, type: request.typeCode, version: version, items: draft.items, standards: draft.standards, by: caller.userID,
            name: caller.displayName, note: note, on: connection, logger: context.logger)
        try await context.audit(
            "procedure.published", entityType: "procedure", entityID: "\(request.itemID)/\(request.typeCode)",
            summary: "发布检测流程 \(item.name) \(TestTypeCatalog.title(of: request.typeCode)) 第 \(version) 版",
            details: [
                "version": "\(version)", "order": draft.items.map(\.code).joined(separator: ","), "note": note,
                "standards": draft.standards.map(\.code).joined(separator: ","),
            ], on: connection)
        var event = Metrology_Flows_V1_ProcedureVersion()
        event.itemID = request.itemID
        event.typeCode = request.typeCode
        event.version = version
        try await Outbox.append(
            FlowsEvents.procedurePublished, subject: "\(request.itemID)/\(request.typeCode)", payload: event,
            trace: context.rpc.trace, on: connection, logger: context.logger)
        return try await procedure(item: id, type: request.typeCode, on: connection, context: context)
    }

    func listProcedureVersions(
        _ request: Metrology_Flows_V1_GetProcedureRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ListProcedureVersionsResponse {
        let id = try ItemHandlers.itemID(request.itemID)
        var response = Metrology_Flows_V1_ListProcedureVersionsResponse()
        response.versions = try await procedures.versions(item: id, type: request.typeCode, number: nil, withItems: false, logger: context.logger)
        return response
    }

    func getProcedureVersion(
        _ request: Metrology_Flows_V1_GetProcedureVersionRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ProcedureVersion {
        let id = try ItemHandlers.itemID(request.itemID)
        let number =
            request.version > 0 ? request.version : try await procedures.latestVersion(item: id, type: request.typeCode, logger: context.logger)
        guard
            let version = try await procedures.versions(item: id, type: request.typeCode, number: number, withItems: true, logger: context.logger)
                .first
        else { throw RPCError.notFound("该检测流程版本不存在", reason: "FLOWS_PROCEDURE_VERSION_NOT_FOUND") }
        return version
    }

    private func procedure(
        item: UUID, type: String, on connection: PostgresConnection, context: CallContext
    ) async throws -> Metrology_Flows_V1_Procedure {
        guard let draft = try await procedures.draft(item: item, type: type, on: connection, logger: context.logger) else { throw Self.notFound }
        var procedure = Metrology_Flows_V1_Procedure()
        procedure.itemID = item.uuidString.lowercased()
        procedure.typeCode = type
        procedure.draft = draft.items
        procedure.draftStandards = draft.standards
        procedure.draftRevision = draft.revision
        procedure.latestVersion = try await procedures.latestVersion(item: item, type: type, on: connection, logger: context.logger)
        procedure.draftSavedAt = .init(date: draft.savedAt)
        procedure.draftSavedBy = draft.savedBy
        return procedure
    }

    static let notFound = RPCError.notFound("该检测项目没有这个检测类型", reason: "FLOWS_PROCEDURE_NOT_FOUND")
}
