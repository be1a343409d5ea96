import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit

/// Test items (检测项目), their legal basis and types (§4.2.3.1–§4.2.3.3, §4.3.5.1–§4.3.5.4).
struct ItemHandlers: Sendable {
    let items: ItemStore
    let procedures: ProcedureStore

    func listItems(_ request: Metrology_Flows_V1_ListItemsRequest, _ context: CallContext) async throws -> Metrology_Flows_V1_ListItemsResponse {
        let paging = try PageRequest.optional(page: request.page, pageSize: request.pageSize)
        let query = try HumanText.query(request.query.trimmingCharacters(in: .whitespaces))
        let status = try Self.statusFilter(request.status)
        let found = try await items.client.withConnection {
            try await items.items(query: query.nilIfEmpty, status: status, on: $0, logger: context.logger)
        }
        // Usability is worked out from the bases' dates, not stored, so the filter and the page are applied here.
        let matching = found.map(\.message).filter { !request.usableOnly || $0.usable }
        var response = Metrology_Flows_V1_ListItemsResponse()
        let page = MemoryPage(matching, paging: paging)
        response.items = page.rows
        response.total = page.total
        response.page = page.page
        response.pageSize = page.pageSize
        return response
    }

    func getItem(_ request: Metrology_Flows_V1_GetItemRequest, _ context: CallContext) async throws -> Metrology_Flows_V1_Item {
        let id = try Self.itemID(request.itemID)
        guard let item = try await items.client.withConnection({ try await items.item(id: id, on: $0, logger: context.logger) }) else {
            throw Self.notFound
        }
        return item.message
    }

    func createItem(
        _ request: Metrology_Flows_V1_CreateItemRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Item
    {
        let code = request.code.trimmingCharacters(in: .whitespaces)
        guard DataItemRules.isCode(code, maxLength: 64) else {
            throw RPCError.invalidArgument("项目代码须为字母开头的字母、数字或下划线（至多 64 个）", reason: "FLOWS_ITEM_CODE_INVALID", details: ["field": "code"])
        }
        let name = try Self.name(request.name)
        let bases = try Self.bases(request.bases)
        let id = UUID()
        guard try await items.insert(id: id, code: code, name: name, on: connection, logger: context.logger) else {
            throw RPCError(code: .alreadyExists, message: "项目代码“\(code)”已存在", reason: "FLOWS_ITEM_EXISTS", details: ["field": "code"])
        }
        try await items.replaceBases(of: id, with: bases, on: connection, logger: context.logger)
        try await context.audit(
            "item.created", entityType: "item", entityID: id.uuidString.lowercased(), summary: "新增检测项目 \(name)（\(code)）",
            details: ["code": code, "bases": bases.map { "\($0.kind):\($0.certificateNo):\($0.validUntil)" }.joined(separator: ";")], on: connection)
        guard let item = try await items.item(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        return item.message
    }

    func updateItem(
        _ request: Metrology_Flows_V1_UpdateItemRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Item
    {
        let id = try Self.itemID(request.itemID)
        guard let before = try await items.item(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        try Self.refuseRetired(before)
        var details: [String: String] = [:]
        if request.hasName {
            let name = try Self.name(request.name)
            if name != before.name {
                try await items.update(id: id, name: name, on: connection, logger: context.logger)
                details["name"] = "\(before.name) → \(name)"
            }
        }
        if request.replaceBases {
            let bases = try Self.bases(request.bases)
            if bases != before.bases {
                try await items.replaceBases(of: id, with: bases, on: connection, logger: context.logger)
                details["bases"] = bases.map { "\($0.kind):\($0.certificateNo):\($0.validUntil)" }.joined(separator: ";")
            }
        }
        if !details.isEmpty {
            try await context.audit(
                "item.updated", entityType: "item", entityID: before.idString, summary: "修改检测项目 \(before.name)", details: details, on: connection)
        }
        guard let item = try await items.item(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        return item.message
    }

    func addTestType(
        _ request: Metrology_Flows_V1_AddTestTypeRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Item
    {
        let id = try Self.itemID(request.itemID)
        guard let item = try await items.item(id: id, lock: true, on: connection, logger: context.logger) else { throw Self.notFound }
        try Self.refuseRetired(item)
        let (code, title) = try TestTypeCatalog.resolve(category: request.category, subtype: request.subtype)
        guard
            try await items.addType(to: id, code: code, category: request.category, subtype: request.subtype, on: connection, logger: context.logger)
        else { throw RPCError(code: .alreadyExists, message: "检测项目“\(item.name)”已有类型“\(title)”", reason: "FLOWS_TYPE_EXISTS") }
        try await procedures.createDraft(
            item: id, type: code, items: HeaderFields.defaultItems, by: try context.caller().displayName, on: connection, logger: context.logger)
        try await context.audit(
            "item.type_added", entityType: "item", entityID: item.idString, summary: "为检测项目 \(item.name) 增加类型 \(title)", details: ["type": code],
            on: connection)
        guard let after = try await items.item(id: id, on: connection, logger: context.logger) else { throw Self.notFound }
        return after.message
    }

    func checkItemUsable(
        _ request: Metrology_Flows_V1_CheckItemUsableRequest, _ context: CallContext
    ) async throws
        -> Metrology_Flows_V1_CheckItemUsableResponse
    {
        var response = Metrology_Flows_V1_CheckItemUsableResponse()
        guard let id = UUID(uuidString: request.itemID),
            let item = try await items.client.withConnection({ try await items.item(id: id, on: $0, logger: context.logger) })
        else {
            response.reason = "ITEM_NOT_FOUND"
            response.message = "检测项目不存在"
            return response
        }
        // Retired items and types stay for the records that used them; no new work starts with them.
        if item.isRetired {
            response.reason = "ITEM_RETIRED"
            response.message = "检测项目“\(item.name)”已停用，不能开展新的检测"
            return response
        }
        let day = request.onDate.isEmpty ? CalendarDay.today : try Self.day(request.onDate, field: "onDate")
        let usability = item.usability(on: day)
        guard usability.usable else {
            response.reason = "ITEM_NO_VALID_BASIS"
            response.message = usability.reason
            return response
        }
        guard item.types.contains(where: { $0.code == request.typeCode }) else {
            response.reason = "ITEM_TYPE_UNKNOWN"
            response.message = "检测项目“\(item.name)”没有类型“\(request.typeCode)”"
            return response
        }
        if item.types.contains(where: { $0.code == request.typeCode && $0.retired }) {
            response.reason = "ITEM_TYPE_RETIRED"
            response.message = "“\(item.name) \(TestTypeCatalog.title(of: request.typeCode))”已停用，不能开展新的检测"
            return response
        }
        let version = try await procedures.latestVersion(item: id, type: request.typeCode, logger: context.logger)
        guard version > 0 else {
            response.reason = "ITEM_NO_PUBLISHED_PROCEDURE"
            response.message = "“\(item.name) \(TestTypeCatalog.title(of: request.typeCode))”的检测流程尚未发布"
            return response
        }
        response.usable = true
        response.procedureVersion = version
        return response
    }

    static func itemID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw RPCError.invalidArgument("检测项目编号格式无效", reason: "FLOWS_ITEM_ID_INVALID", details: ["field": "itemId"])
        }
        return id
    }

    static func name(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count) else {
            throw RPCError.invalidArgument("请填写项目名称（至多 60 个字符）", reason: "FLOWS_ITEM_NAME_INVALID", details: ["field": "name"])
        }
        return try HumanText(field: "name", maxLength: 60).check(name)
    }

    static func day(_ text: String, field: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw RPCError.invalidArgument("日期格式为 YYYY-MM-DD", reason: "FLOWS_DATE_INVALID", details: ["field": field])
        }
        return day
    }

    static func bases(_ messages: [Metrology_Flows_V1_LegalBasis]) throws -> [BasisRecord] {
        try messages.map { basis in
            guard BasisRecord.kinds[basis.kind] != nil else {
                throw RPCError.invalidArgument(
                    "开展依据类型必须是 standard_assessment（计量标准考核证书）、authorization（授权）或 accreditation（认可）", reason: "FLOWS_BASIS_KIND_INVALID",
                    details: ["field": "bases"])
            }
            let number = basis.certificateNo.trimmingCharacters(in: .whitespaces)
            guard (1...64).contains(number.count) else {
                throw RPCError.invalidArgument("请填写证书编号", reason: "FLOWS_BASIS_NUMBER_INVALID", details: ["field": "bases"])
            }
            let until = try day(basis.validUntil, field: "bases")
            return BasisRecord(kind: basis.kind, certificateNo: number, validUntil: until.description, issuer: String(basis.issuer.prefix(100)))
        }
    }

    static let notFound = RPCError.notFound("检测项目不存在", reason: "FLOWS_ITEM_NOT_FOUND")
}
