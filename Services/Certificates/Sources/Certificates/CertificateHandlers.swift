import Auth
import Contracts
import Foundation
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Certificate management (§4.2.4, §4.3.12.5–9): query, one certificate, its files, void, and the public check.
struct CertificateHandlers: Sendable {
    let database: PostgresClient
    let voidKind: ProcessKind
    let issueKind: ProcessKind
    /// The lab's name, in the public check's answer.
    let institution: String

    static let cursorList = "certificates"
    static let maxChunk = 1 << 20

    func register(on router: inout ServiceRouter) {
        router.query(CertificatesMethods.listCertificates, access: .permission(.certificatesQuery), listCertificates)
        router.query(CertificatesMethods.getCertificate, access: .permission(.certificatesQuery), getCertificate)
        router.write(CertificatesMethods.voidCertificate, access: .permission(.certificatesVoid), voidCertificate)
        router.write(CertificatesMethods.reissueCertificate, access: .permission(.certificatesApprove), prepare: verifyReissue, reissueCertificate)
        router.query(CertificatesMethods.readFile, access: .permission(.certificatesQuery), readFile)
        router.query(CertificatesMethods.checkAuthenticity, access: .anonymous, checkAuthenticity)
        router.query(CertificatesMethods.readPublicCertificate, access: .anonymous, readPublicCertificate)
    }

    func listCertificates(
        _ request: Metrology_Certificates_V1_ListCertificatesRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_ListCertificatesResponse {
        guard (0...200).contains(request.pageSize) else { throw CertificatesErrors.invalid("pageSize", "每页条数须在 1 到 200 之间", "PAGE_INVALID") }
        guard request.state.isEmpty || CertificatesErrors.certificateStateTitles[request.state] != nil else {
            throw CertificatesErrors.invalid("state", "证书状态必须是 issuing、issued、voided 或 failed", "CERTIFICATES_STATE_INVALID")
        }
        guard request.kind.isEmpty || CertificateKind(rawValue: request.kind) != nil else {
            throw CertificatesErrors.invalid("kind", "种类必须是 certificate（检定证书）或 notice（检定结果通知书）", "CERTIFICATES_KIND_INVALID")
        }
        let text = request.text.trimmingCharacters(in: .whitespaces)
        guard text.count <= 100 else { throw CertificatesErrors.invalid("text", "查询文字不能超过 100 个字", "CERTIFICATES_TEXT_TOO_LONG") }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        guard let sort = CertificateSort(rawValue: request.sort.isEmpty ? "issued" : request.sort) else {
            throw CertificatesErrors.invalid("sort", "排序必须是 issued（签发时间）、number（编号）、customer（委托单位）或 item（项目）", "CERTIFICATES_SORT_INVALID")
        }
        // Newest first by default; the text orders A→Z unless asked otherwise.
        let descending = sort == .issued ? !request.ascending : request.descending
        let list = "\(Self.cursorList).\(sort.rawValue).\(descending ? "desc" : "asc")"
        var after: (key: String, id: UUID)?
        if let cursor = try PageCursor.decode(request.cursor, list: list, parts: 2) {
            guard let id = UUID(uuidString: cursor.key[1]), sort.isValidKey(cursor.key[0]) else {
                throw RPCError.invalidArgument("分页位置（cursor）无效，请从第一页重新查询", reason: "PAGE_CURSOR_INVALID", details: ["field": "cursor"])
            }
            after = (cursor.key[0], id)
        }
        let query = CertificateStore.Query(
            text: text.nilIfEmpty, itemID: request.itemID.nilIfEmpty, typeCode: request.typeCode.nilIfEmpty, state: request.state.nilIfEmpty,
            kind: request.kind.nilIfEmpty, issuedFrom: try Self.day(request.issuedFrom, field: "issuedFrom"),
            issuedTo: try Self.day(request.issuedTo, field: "issuedTo"), conclusion: request.conclusion.nilIfEmpty, sort: sort,
            descending: descending,
            limit: size + 1, after: after)
        let found = try await database.withConnection { try await CertificateStore.page(query, on: $0, logger: context.logger) }
        var response = Metrology_Certificates_V1_ListCertificatesResponse()
        response.certificates = found.rows.prefix(size).map(\.message)
        if found.rows.count > size {
            response.nextCursor = PageCursor(list: list, key: [found.keys[size - 1], found.rows[size - 1].idString]).token
        }
        response.total = found.total
        return response
    }

    func getCertificate(
        _ request: Metrology_Certificates_V1_GetCertificateRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_Certificate {
        let row: CertificateRow?
        if !request.number.isEmpty {
            row = try await database.withConnection { try await CertificateStore.row(number: request.number, on: $0, logger: context.logger) }
        } else {
            let id = try CertificatesErrors.id(request.id, field: "id", what: "证书")
            row = try await database.withConnection { try await CertificateStore.row(id, on: $0, logger: context.logger) }
        }
        guard let row else { throw CertificatesErrors.certificateNotFound }
        return row.message
    }

    /// 作废 (§4.3.12.9): takes effect at once (the public check says so from this commit); the copy with the 作废
    /// watermark is rendered by a process, like issuing, since rendering waits on LibreOffice.
    func voidCertificate(
        _ request: Metrology_Certificates_V1_VoidCertificateRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Certificates_V1_Certificate {
        let caller = try context.caller()
        let id = try CertificatesErrors.id(request.id, field: "id", what: "证书")
        let reason = try CertificatesErrors.reason(request.reason, what: "作废")
        guard let row = try await CertificateStore.row(id, lock: true, on: connection, logger: context.logger) else {
            throw CertificatesErrors.certificateNotFound
        }
        guard row.state == "issued" else { throw CertificatesErrors.certificateState(row.state, action: "作废") }
        try await CertificateStore.markVoided(
            id, reason: reason, by: caller.userID, name: caller.displayName, at: Date(), on: connection, logger: context.logger)
        try await context.audit(
            "certificate.voided", entityType: "certificate", entityID: row.idString,
            summary: "\(caller.displayName) 作废\(CertificateKind(rawValue: row.kind)?.title ?? "证书") \(row.number)：\(reason)",
            details: ["number": row.number, "reason": reason, "pdfSha256": row.pdf?.sha256 ?? ""], on: connection)
        try await Processes.start(voidKind, state: [], id: "void-\(row.idString)", trace: context.rpc.trace, on: connection, logger: context.logger)
        guard let voided = try await CertificateStore.row(id, on: connection, logger: context.logger) else {
            throw CertificatesErrors.certificateNotFound
        }
        return voided.message
    }

    func readFile(_ request: Metrology_Certificates_V1_ReadFileRequest, _ context: CallContext) async throws -> Metrology_Certificates_V1_FileChunk {
        let sha256 = request.sha256.lowercased()
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit }) else {
            throw CertificatesErrors.invalid("sha256", "文件地址必须是 64 位十六进制 SHA-256", "CERTIFICATES_FILE_ADDRESS_INVALID")
        }
        return try await chunk(of: sha256, offset: request.offset, length: request.length, context: context)
    }

    /// The customer's e-certificate (004 电子证书下载): the number and the check code printed on it open the sealed
    /// PDF, or its voided copy once voided. Anything else answers as an unknown certificate.
    func readPublicCertificate(
        _ request: Metrology_Certificates_V1_ReadPublicCertificateRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_FileChunk {
        let row = try await publicRow(number: request.number, code: request.checkCode, context: context)
        guard let row, let file = row.voidedPDF ?? row.pdf else {
            throw RPCError.notFound("查无此证书：请核对证书编号和查验码", reason: "CERTIFICATES_PUBLIC_NOT_FOUND")
        }
        return try await chunk(of: file.sha256, offset: request.offset, length: request.length, context: context)
    }

    /// The issued or voided certificate with this number and check code, or nil (also for a wrong code).
    func publicRow(number text: String, code text2: String, context: CallContext) async throws -> CertificateRow? {
        let number = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(number.count) else { throw CertificatesErrors.invalid("number", "请输入证书编号", "CERTIFICATES_NUMBER_INVALID") }
        let code = CheckCode.normalized(text2)
        guard (1...16).contains(code.count) else { throw CertificatesErrors.invalid("checkCode", "请输入证书上的查验码", "CERTIFICATES_CHECK_CODE_INVALID") }
        let row = try await database.withConnection { try await CertificateStore.row(number: number, on: $0, logger: context.logger) }
        guard let row, row.checkCode == code, row.state == "issued" || row.state == "voided" else { return nil }
        return row
    }

    func chunk(of sha256: String, offset: Int64, length requested: Int32, context: CallContext) async throws -> Metrology_Certificates_V1_FileChunk {
        guard offset >= 0, (0...Self.maxChunk).contains(Int(requested)) else {
            throw CertificatesErrors.invalid("offset", "读取位置或长度无效（每次至多 1 MiB）", "CERTIFICATES_FILE_RANGE_INVALID")
        }
        let length = requested == 0 ? Self.maxChunk : Int(requested)
        return try await database.withConnection { connection in
            guard let metadata = try await FileStore.metadata(sha256, on: connection, logger: context.logger) else {
                throw CertificatesErrors.fileNotFound
            }
            guard offset <= metadata.size else {
                throw CertificatesErrors.invalid("offset", "读取位置超出文件长度（\(metadata.size) 字节）", "CERTIFICATES_FILE_RANGE_INVALID")
            }
            let content = try await FileStore.read(sha256, offset: offset, length: length, on: connection, logger: context.logger) ?? Data()
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file = CertificateRow.message(metadata)
            chunk.offset = offset
            chunk.content = content
            chunk.last = offset + Int64(content.count) >= metadata.size
            return chunk
        }
    }

    /// The public check (004: 证书真伪查询): genuine, voided, or unknown. A wrong check code answers exactly as an
    /// unknown number does, so numbers (which are sequential) cannot be probed for existence. The answer describes the
    /// instrument and the result, never the customer (who may be a private person).
    func checkAuthenticity(
        _ request: Metrology_Certificates_V1_CheckAuthenticityRequest, _ context: CallContext
    ) async throws -> Metrology_Certificates_V1_Authenticity {
        var answer = Metrology_Certificates_V1_Authenticity()
        guard let row = try await publicRow(number: request.number, code: request.checkCode, context: context) else {
            answer.status = "unknown"
            answer.message = "查无此证书：请核对证书编号和查验码。如仍有疑问，请联系出具证书的计量技术机构。"
            return answer
        }
        answer.status = row.state == "voided" ? "voided" : "genuine"
        answer.number = row.number
        answer.kind = row.kind
        answer.itemName = row.itemName
        answer.instrumentName = row.instrumentName
        answer.instrumentSerial = row.instrumentSerial
        answer.instrumentModel = row.instrumentModel
        answer.manufacturer = row.instrumentManufacturer
        answer.institution = institution
        answer.conclusion = row.conclusion
        if let issuedAt = row.issuedAt { answer.issuedAt = .init(date: issuedAt) }
        answer.validUntil = row.validUntil
        if let voidedAt = row.voidedAt { answer.voidedAt = .init(date: voidedAt) }
        answer.pdfSha256 = row.pdf?.sha256 ?? ""
        answer.message =
            row.state == "voided"
            ? "该证书已作废，不再有效。" : "该证书真实有效：由本机构出具并加盖电子印章。可用 SHA-256 核对您持有的 PDF 文件。"
        return answer
    }

    static func day(_ text: String, field: String) throws -> String? {
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else {
            throw CertificatesErrors.invalid(field, "日期格式应为 YYYY-MM-DD", "CERTIFICATES_DATE_INVALID")
        }
        return text
    }
}
