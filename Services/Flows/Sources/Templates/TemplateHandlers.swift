import Auth
import Contracts
import Crypto
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf
import TemplateKit

/// Templates of raw records, certificates and notices (§4.3.6, §4.3.7): the lab's own Word/Excel layouts, imported
/// per item and type. The upload is inspected as hostile, every bookmark is listed and checked against the
/// procedure; with errors nothing is stored and the answer says what to fix. Every accepted import is a new version.
struct TemplateHandlers: Sendable {
    let items: ItemStore
    let procedures: ProcedureStore
    let store: TemplateStore

    static let kinds: [String: String] = ["raw_record": "原始记录模板", "certificate": "证书报告模板", "notice": "检定结果通知书模板"]

    func importTemplate(
        _ request: Metrology_Flows_V1_ImportTemplateRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_ImportTemplateResponse
    {
        let id = try ItemHandlers.itemID(request.itemID)
        guard let kindTitle = Self.kinds[request.kind] else {
            throw RPCError.invalidArgument(
                "模板种类必须是 raw_record、certificate 或 notice", reason: "FLOWS_TEMPLATE_KIND_INVALID", details: ["field": "kind"])
        }
        let filename = request.filename.trimmingCharacters(in: .whitespaces)
        let lower = filename.lowercased()
        guard (1...200).contains(filename.count), lower.hasSuffix(".docx") || lower.hasSuffix(".xlsx") else {
            throw RPCError.invalidArgument("模板文件名须以 .docx 或 .xlsx 结尾", reason: "FLOWS_TEMPLATE_FILENAME_INVALID", details: ["field": "filename"])
        }
        guard let item = try await items.item(id: id, on: connection, logger: context.logger) else { throw ItemHandlers.notFound }
        guard item.types.contains(where: { $0.code == request.typeCode }) else { throw ProcedureHandlers.notFound }

        // Checked against the latest published version, or the draft while nothing is published yet.
        let latest = try await procedures.latestVersion(item: id, type: request.typeCode, on: connection, logger: context.logger)
        let dataItems: [Metrology_Flows_V1_DataItem]
        if latest > 0,
            let version = try await procedures.versions(
                item: id, type: request.typeCode, number: latest, withItems: true, on: connection, logger: context.logger
            ).first
        {
            dataItems = version.items
        } else {
            dataItems = try await procedures.draft(item: id, type: request.typeCode, on: connection, logger: context.logger)?.items ?? []
        }

        let format: TemplateFormat = lower.hasSuffix(".docx") ? .docx : .xlsx
        let inspection: TemplateInspection
        do {
            inspection = try await TemplateInspector(limits: TemplateLimits()).inspectInBackground(request.content, declared: format)
        } catch let rejection {
            throw RPCError.invalidArgument("模板文件被拒绝：\(rejection.message)", reason: rejection.code, details: ["field": "content"])
        }
        let check = TemplateCheck.check(inspection, dataItems: TemplateBridge.dataItems(dataItems), kind: TemplateBridge.kind(request.kind))

        var response = Metrology_Flows_V1_ImportTemplateResponse()
        response.fields = TemplateBridge.fields(inspection)
        response.issues = TemplateBridge.issues(check)
        response.accepted = check.ok
        guard check.ok else { return response }

        var info = Metrology_Flows_V1_TemplateInfo()
        info.id = UUID().uuidString.lowercased()
        info.itemID = item.idString
        info.typeCode = request.typeCode
        info.kind = request.kind
        info.filename = filename
        info.format = format == .docx ? "docx" : "xlsx"
        info.size = Int64(request.content.count)
        info.sha256 = SHA256.hash(data: request.content).hexEncoded
        info.procedureVersion = latest
        info.warnings = Int32(response.issues.filter { $0.severity == "warning" }.count)
        info.importedByName = try context.caller().displayName
        info.version = try await store.insert(info, content: request.content, on: connection, logger: context.logger)
        info.importedAt = .init(date: Date())
        try await context.audit(
            "template.imported", entityType: "template", entityID: info.id,
            summary: "导入\(kindTitle)（\(item.name) \(TestTypeCatalog.title(of: request.typeCode))）第 \(info.version) 版：\(filename)",
            details: ["sha256": info.sha256, "fields": "\(response.fields.count)", "warnings": "\(info.warnings)"], on: connection)
        response.template = info
        return response
    }

    func listTemplates(
        _ request: Metrology_Flows_V1_ListTemplatesRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ListTemplatesResponse {
        let id = try ItemHandlers.itemID(request.itemID)
        var response = Metrology_Flows_V1_ListTemplatesResponse()
        response.templates = try await store.list(item: id, type: request.typeCode.nilIfEmpty, kind: request.kind.nilIfEmpty, logger: context.logger)
        return response
    }

    func downloadTemplate(
        _ request: Metrology_Flows_V1_DownloadTemplateRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_TemplateFile {
        guard let id = UUID(uuidString: request.templateID), let (info, content) = try await store.template(id: id, logger: context.logger) else {
            throw RPCError.notFound("模板不存在", reason: "FLOWS_TEMPLATE_NOT_FOUND")
        }
        var file = Metrology_Flows_V1_TemplateFile()
        file.template = info
        file.content = content
        file.contentType =
            info.format == "docx"
            ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return file
    }
}
