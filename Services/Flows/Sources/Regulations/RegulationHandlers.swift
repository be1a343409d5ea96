import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import TemplateKit

/// Regulations (规程文本, §4.2.3.7): current regulations and specifications imported as PDF or Word, linked to items,
/// searchable and downloadable from the mobile app; repealed ones say what replaces them.
struct RegulationHandlers: Sendable {
    let store: RegulationStore

    // The gateway takes uploads up to 16 MiB of JSON, which is about 12 MiB of file once base64 is undone.
    static let maxBytes = 12 * 1024 * 1024
    static let statuses: [String: String] = ["current": "现行", "repealed": "废止"]

    func importRegulation(
        _ request: Metrology_Flows_V1_ImportRegulationRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Regulation
    {
        var regulation = Metrology_Flows_V1_Regulation()
        regulation.id = UUID().uuidString.lowercased()
        regulation.code = try Self.text(request.code, field: "code", title: "规程编号", max: 40)
        regulation.title = try Self.text(request.title, field: "title", title: "规程名称", max: 200)
        guard let effective = CalendarDay(request.effectiveOn) else {
            throw RPCError.invalidArgument("实施日期格式为 YYYY-MM-DD", reason: "FLOWS_DATE_INVALID", details: ["field": "effectiveOn"])
        }
        regulation.effectiveOn = effective.description
        regulation.status = try Self.status(request.status.isEmpty ? "current" : request.status, replacedBy: request.replacedBy)
        regulation.replacedBy = String(request.replacedBy.prefix(40))
        regulation.itemCodes = try Self.itemCodes(request.itemCodes)
        regulation.filename = try Self.text(request.filename, field: "filename", title: "文件名", max: 200)
        regulation.format = try Self.format(of: request.content)
        regulation.size = Int64(request.content.count)
        regulation.sha256 = SHA256.hash(data: request.content).hexEncoded
        guard try await store.insert(regulation, content: request.content, on: connection, logger: context.logger) else {
            throw RPCError(code: .alreadyExists, message: "规程“\(regulation.code)”已导入", reason: "FLOWS_REGULATION_EXISTS", details: ["field": "code"])
        }
        try await context.audit(
            "regulation.imported", entityType: "regulation", entityID: regulation.id, summary: "导入规程 \(regulation.code)《\(regulation.title)》",
            details: ["status": regulation.status, "items": regulation.itemCodes.joined(separator: ","), "sha256": regulation.sha256], on: connection)
        return try await store.regulation(id: UUID(uuidString: regulation.id)!, on: connection, logger: context.logger) ?? regulation
    }

    func updateRegulation(
        _ request: Metrology_Flows_V1_UpdateRegulationRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_Regulation
    {
        guard let id = UUID(uuidString: request.regulationID), let before = try await store.regulation(id: id, on: connection, logger: context.logger)
        else {
            throw Self.notFound
        }
        var after = before
        if request.hasTitle { after.title = try Self.text(request.title, field: "title", title: "规程名称", max: 200) }
        if request.hasReplacedBy { after.replacedBy = String(request.replacedBy.prefix(40)) }
        if request.hasStatus { after.status = try Self.status(request.status, replacedBy: after.replacedBy) }
        if request.replaceItemCodes { after.itemCodes = try Self.itemCodes(request.itemCodes) }
        guard after != before else { return before }
        try await store.update(after, on: connection, logger: context.logger)
        var details: [String: String] = [:]
        if after.status != before.status { details["status"] = "\(before.status) → \(after.status)" }
        if after.replacedBy != before.replacedBy { details["replacedBy"] = after.replacedBy }
        if after.title != before.title { details["title"] = after.title }
        if after.itemCodes != before.itemCodes { details["items"] = after.itemCodes.joined(separator: ",") }
        let summary =
            after.status == "repealed" && before.status != "repealed"
            ? "规程 \(after.code) 废止\(after.replacedBy.isEmpty ? "" : "，由 \(after.replacedBy) 代替")" : "修改规程 \(after.code)"
        try await context.audit(
            "regulation.updated", entityType: "regulation", entityID: after.id, summary: summary, details: details, on: connection)
        return after
    }

    func listRegulations(
        _ request: Metrology_Flows_V1_ListRegulationsRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ListRegulationsResponse {
        guard request.status.isEmpty || Self.statuses[request.status] != nil else {
            throw RPCError.invalidArgument("状态必须是 current（现行）或 repealed（废止）", reason: "FLOWS_REGULATION_STATUS_INVALID", details: ["field": "status"])
        }
        let paging = try PageRequest.optional(page: request.page, pageSize: request.pageSize)
        // A lab keeps hundreds of regulations, not millions: the matches are read whole and paged here.
        let matching = try await store.list(
            query: try HumanText.query(request.query.trimmingCharacters(in: .whitespaces)).nilIfEmpty, itemCode: request.itemCode.nilIfEmpty,
            status: request.status.nilIfEmpty,
            logger: context.logger)
        var response = Metrology_Flows_V1_ListRegulationsResponse()
        let page = MemoryPage(matching, paging: paging)
        response.regulations = page.rows
        response.total = page.total
        response.page = page.page
        response.pageSize = page.pageSize
        return response
    }

    func downloadRegulation(
        _ request: Metrology_Flows_V1_DownloadRegulationRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_RegulationFile {
        guard let id = UUID(uuidString: request.regulationID), let regulation = try await store.regulation(id: id, logger: context.logger),
            let content = try await store.content(id: id, logger: context.logger)
        else { throw Self.notFound }
        var file = Metrology_Flows_V1_RegulationFile()
        file.regulation = regulation
        file.content = content
        file.contentType = regulation.format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return file
    }

    /// A PDF (by its header) or a real .docx (checked like a template: no macros, no bombs, no external entities).
    static func format(of content: Data) throws -> String {
        guard !content.isEmpty, content.count <= maxBytes else {
            throw RPCError.invalidArgument("规程文件须为 1 字节到 12 MB", reason: "FLOWS_REGULATION_FILE_SIZE", details: ["field": "content"])
        }
        if content.starts(with: Array("%PDF-".utf8)) { return "pdf" }
        do {
            _ = try TemplateInspector(limits: TemplateLimits(maxUploadBytes: maxBytes)).inspect(content, declared: TemplateFormat.docx)
            return "docx"
        } catch let error {
            throw RPCError.invalidArgument(
                "规程文件必须是 PDF 或 Word（.docx）：\(error.message)", reason: "FLOWS_REGULATION_FILE_INVALID", details: ["field": "content"])
        }
    }

    static func status(_ status: String, replacedBy: String) throws -> String {
        guard statuses[status] != nil else {
            throw RPCError.invalidArgument("状态必须是 current（现行）或 repealed（废止）", reason: "FLOWS_REGULATION_STATUS_INVALID", details: ["field": "status"])
        }
        return status
    }

    static func itemCodes(_ codes: [String]) throws -> [String] {
        guard codes.allSatisfy({ DataItemRules.isCode($0, maxLength: 64) }) else {
            throw RPCError.invalidArgument("关联的检测项目代码无效", reason: "FLOWS_ITEM_CODE_INVALID", details: ["field": "itemCodes"])
        }
        return Array(Set(codes)).sorted()
    }

    /// A required one-line field by the shared rule (`FieldText`): FLOWS_FIELD_REQUIRED, TEXT_INVALID_CHARACTERS,
    /// FLOWS_FIELD_TOO_LONG (both used to be FLOWS_FIELD_INVALID).
    static func text(_ value: String, field: String, title: String, max: Int) throws -> String {
        try FieldText(field: field, title: title, required: true, maxLength: max, reasonPrefix: "FLOWS").check(value)
    }

    static let notFound = RPCError.notFound("规程不存在", reason: "FLOWS_REGULATION_NOT_FOUND")
}
