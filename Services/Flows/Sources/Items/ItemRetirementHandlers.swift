import Contracts
import Foundation
import Messaging
import PostgresNIO
import RPCCore
import ServiceKit

/// Retiring (停用) an item or one of its test types instead of deleting it: a mistake or a test entry leaves every
/// picker, while the records, procedures, templates and numbers made with it keep pointing at it. Reactivating undoes
/// it. Both are writes with `setup.manage` (exactly once per idempotency key, like every write); asking for the state
/// the item already has answers the item unchanged and audits nothing.
extension ItemHandlers {
    func setItemRetired(
        _ request: Metrology_Flows_V1_SetItemRetiredRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Item
    {
        let id = try Self.itemID(request.itemID)
        let reason = try Self.retirementReason(request.reason)
        guard let item = try await items.item(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        if item.isRetired != request.retired {
            try await items.setRetired(id: id, retired: request.retired, reason: reason, on: connection, logger: context.logger)
            try await context.audit(
                request.retired ? "item.retired" : "item.reactivated", entityType: "item", entityID: item.idString,
                summary: request.retired ? "停用检测项目 \(item.name)（\(item.code)）" : "重新启用检测项目 \(item.name)（\(item.code)）",
                details: reason.isEmpty ? [:] : ["reason": reason], on: connection)
        }
        guard let after = try await items.item(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        return after.message
    }

    func setTestTypeRetired(
        _ request: Metrology_Flows_V1_SetTestTypeRetiredRequest, _ context: CallContext, _ connection: PostgresConnection
    )
        async throws -> Metrology_Flows_V1_Item
    {
        let id = try Self.itemID(request.itemID)
        let reason = try Self.retirementReason(request.reason)
        guard let item = try await items.item(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        guard let type = item.types.first(where: { $0.code == request.typeCode }) else {
            throw RPCError.notFound("检测项目“\(item.name)”没有类型“\(request.typeCode)”", reason: "FLOWS_TYPE_NOT_FOUND")
        }
        // Reactivating a type of a retired item would offer it again through the back door.
        if !request.retired { try Self.refuseRetired(item) }
        if type.retired != request.retired {
            let title = TestTypeCatalog.title(of: type.code)
            try await items.setTypeRetired(item: id, code: type.code, retired: request.retired, on: connection, logger: context.logger)
            var details = ["type": type.code]
            if !reason.isEmpty { details["reason"] = reason }
            try await context.audit(
                request.retired ? "item.type_retired" : "item.type_reactivated", entityType: "item", entityID: item.idString,
                summary: request.retired ? "停用检测项目 \(item.name) 的类型 \(title)" : "重新启用检测项目 \(item.name) 的类型 \(title)",
                details: details, on: connection)
        }
        guard let after = try await items.item(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        return after.message
    }

    /// A retired item is kept as it was: changing it (name, bases, new types) needs reactivating it first.
    static func refuseRetired(_ item: ItemRecord) throws {
        guard !item.isRetired else {
            throw RPCError.failedPrecondition("检测项目“\(item.name)”已停用；如需修改，请先重新启用", reason: "FLOWS_ITEM_RETIRED")
        }
    }

    static func retirementReason(_ text: String) throws -> String {
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count <= 200 else {
            throw RPCError.invalidArgument("停用原因至多 200 个字符", reason: "FLOWS_RETIRE_REASON_INVALID", details: ["field": "reason"])
        }
        return reason
    }

    /// ListItems' `status`: "" or "active" (what pickers ask for), "retired" or "all".
    static func statusFilter(_ text: String) throws -> ItemStore.StatusFilter {
        if text.isEmpty { return .active }
        guard let filter = ItemStore.StatusFilter(rawValue: text) else {
            throw RPCError.invalidArgument("状态筛选必须是 active、retired 或 all", reason: "FLOWS_ITEM_STATUS_INVALID", details: ["field": "status"])
        }
        return filter
    }
}
