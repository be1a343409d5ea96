import Auth
import Contracts
import Crypto
import Foundation
import PDFSeal
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftASN1
import SwiftProtobuf
import X509

/// The institution's seal certificate (电子印章): shown to whoever manages certificates, replaced by an operator who
/// imports the lab's own certificate and key (the private key is never returned).
struct SealHandlers: Sendable {
    let database: PostgresClient
    let seals: SealKeeper

    func register(on router: inout ServiceRouter) {
        router.query(CertificatesMethods.getSeal, access: .authenticated, getSeal)
        router.write(CertificatesMethods.importSeal, access: .permission(.setupManage), importSeal)
    }

    func getSeal(_ request: Metrology_Certificates_V1_GetSealRequest, _ context: CallContext) async throws -> Metrology_Certificates_V1_Seal {
        let caller = try context.caller()
        guard caller.has(.certificatesQuery) || caller.has(.certificatesApprove) || caller.has(.setupManage) else {
            throw RPCError(code: .permissionDenied, message: "需要“证书查询”“证书批准”或“系统设置”权限", reason: "PERMISSION_DENIED")
        }
        guard let row = try await database.withConnection({ try await SealStore.current(on: $0, logger: context.logger) }) else {
            throw RPCError.notFound("电子印章尚未生成", reason: "CERTIFICATES_SEAL_MISSING")
        }
        return try Self.message(row)
    }

    func importSeal(
        _ request: Metrology_Certificates_V1_ImportSealRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws -> Metrology_Certificates_V1_Seal {
        let caller = try context.caller()
        guard request.certificatePem.utf8.count <= 64 * 1024, request.privateKeyPem.utf8.count <= 64 * 1024 else {
            throw CertificatesErrors.invalid("certificatePem", "证书或私钥文件过大（各至多 64 KiB）", "CERTIFICATES_SEAL_TOO_LARGE")
        }
        let identity: SealIdentity
        do {
            identity = try SealIdentity(certificatePEM: request.certificatePem, privateKeyPEM: request.privateKeyPem)
        } catch let error as PDFSealError {
            // The library's message names its own source files; the operator needs to know what to fix, not where it failed.
            throw RPCError(
                code: .invalidArgument, message: "证书或私钥无法使用：请提供 PEM 格式的 X.509 证书（机构证书在前）和与之配对的 PKCS#8 私钥",
                reason: "CERTIFICATES_SEAL_INVALID", details: ["field": "certificatePem", "cause": error.code])
        }
        let now = Date()
        guard identity.certificate.notValidBefore <= now, now < identity.certificate.notValidAfter else {
            throw CertificatesErrors.invalid("certificatePem", "证书不在有效期内", "CERTIFICATES_SEAL_EXPIRED")
        }
        let id = UUID()
        try await SealStore.replace(
            id, certificatePEM: identity.certificatePEM, sealedPrivateKey: try seals.cipher.seal(Data(identity.privateKeyPEM.utf8)),
            by: caller.userID, on: connection, logger: context.logger)
        try await context.audit(
            "seal.imported", entityType: "seal", entityID: id.uuidString.lowercased(),
            summary: "\(caller.displayName) 导入电子印章证书：\(identity.certificate.subject)",
            details: ["subject": "\(identity.certificate.subject)", "serial": "\(identity.certificate.serialNumber)"], on: connection)
        guard let row = try await SealStore.current(on: connection, logger: context.logger) else {
            throw RPCError.notFound("电子印章尚未生成", reason: "CERTIFICATES_SEAL_MISSING")
        }
        return try Self.message(row)
    }

    static func message(_ row: SealStore.Row) throws -> Metrology_Certificates_V1_Seal {
        let certificate = try Certificate(pemEncoded: row.certificatePEM)
        var seal = Metrology_Certificates_V1_Seal()
        seal.subject = "\(certificate.subject)"
        seal.issuer = "\(certificate.issuer)"
        seal.institution =
            certificate.subject.lazy.compactMap { rdn in
                rdn.first { $0.type == .RDNAttributeType.organizationName }.map { "\($0.value)" }
            }.first ?? ""
        seal.serial = "\(certificate.serialNumber)"
        seal.notBefore = Google_Protobuf_Timestamp(date: certificate.notValidBefore)
        seal.notAfter = Google_Protobuf_Timestamp(date: certificate.notValidAfter)
        let der = (try? PEMDocument(pemString: row.certificatePEM).derBytes) ?? []
        seal.fingerprint = SHA256.hash(data: der).hexEncoded
        seal.certificatePem = row.certificatePEM
        seal.origin = row.origin
        seal.installedAt = Google_Protobuf_Timestamp(date: row.installedAt)
        return seal
    }
}
