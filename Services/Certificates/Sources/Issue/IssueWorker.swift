import Contracts
import DocumentConversion
import FillCore
import Foundation
import Logging
import PDFSeal
import Persistence
import PostgresNIO
import QRCode
import ServiceKit
import SwiftProtobuf

/// The issue process (§4.3.12): started by ApproveTask in the approval's transaction, it fills the certificate (or
/// notice) and raw-record templates stored at approval, renders them to PDF/A-2b through the converter pool, seals
/// them with the institution's key and stores them, then publishes certificates.certificate.issued. Everything it
/// needs was stored at approval, so it calls no service and can run again after any crash; only its record (files,
/// state, event) commits, once.
struct IssueWorker: Sendable {
    let database: PostgresClient
    let settings: IssueSettings
    let pool: ConverterPool
    let seals: SealKeeper

    static let name = "certificate.issue"

    var kind: ProcessKind {
        ProcessKind(Self.name, first: "render", steps: ["render": render], maxAttempts: 8, firstPause: .seconds(2), longestPause: .seconds(120))
    }

    /// Its name and first step, for starting it where no worker exists (tests, other instances).
    static var startKind: ProcessKind {
        ProcessKind(name, first: "render", steps: ["render": { _ in .finished(state: []) }])
    }

    struct Loaded: Sendable {
        var certificate: CertificateRow
        var inputs: [String: String]
        var recorded: Metrology_Records_V1_TaskRecorded
        /// The stored inputs by address.
        var files: [String: StoredFile]
    }

    struct StoredFile: Sendable {
        var content: Data
        var mediaType: String
    }

    @Sendable func render(_ step: ProcessStepContext) async throws -> ProcessStepOutcome {
        guard let id = UUID(uuidString: step.processID) else { throw ProcessFailure(reason: "CERTIFICATES_PROCESS_ID", message: "流程编号不是证书编号") }
        let logger = step.logger
        guard let loaded = try await load(id, logger: logger) else {
            throw ProcessFailure(reason: "CERTIFICATES_CERTIFICATE_NOT_FOUND", message: "证书 \(id) 不存在")
        }
        guard loaded.certificate.state == "issuing" else { return .finished(state: []) }
        let seal = try await seals.current()
        do {
            let data = try fillData(loaded, seal: seal)
            let certificate = loaded.certificate
            let kind = CertificateKind(rawValue: certificate.kind) ?? .certificate
            guard let template = loaded.inputs["template"].flatMap({ loaded.files[$0] }) else {
                throw FillError(code: "TEMPLATE_FILL_TEMPLATE_INVALID", message: "证书模板未随批准保存")
            }
            let filled = try DocumentFiller.fill(template.content, mediaType: template.mediaType, data: data)
            let pdf = try await sealedPDF(filled, seal: seal, reason: "\(kind.title) \(certificate.number)")
            let rawPDF: Data?
            let filledRaw: (document: Data, format: DocumentFormat)?
            if let raw = loaded.inputs["raw_template"].flatMap({ loaded.files[$0] }) {
                let rawFilled = try DocumentFiller.fill(raw.content, mediaType: raw.mediaType, data: data)
                filledRaw = rawFilled
                rawPDF = try await sealedPDF(rawFilled, seal: seal, reason: "原始记录 \(certificate.rawRecordNumber)")
            } else {
                filledRaw = nil
                rawPDF = nil
            }
            let trace = step.trace
            return .finished(state: []) { connection in
                // The filled documents are kept: the void copy is rendered from exactly what was issued, and a benchmark
                // converts exactly what was converted here (deploy/local/bench certificates). All in two statements.
                var files: [(content: Data, mediaType: String)] = [(pdf, "application/pdf"), (filled.document, filled.format.mediaType)]
                if let filledRaw, let rawPDF { files += [(filledRaw.document, filledRaw.format.mediaType), (rawPDF, "application/pdf")] }
                let addresses = try await FileStore.putAll(files, on: connection, logger: logger)
                var roles = ["filled": addresses[1]]
                if addresses.count == 4 { roles["filled_raw"] = addresses[2] }
                try await CertificateStore.addInputs(id, roles, on: connection, logger: logger)
                let rawSHA = addresses.count == 4 ? addresses[3] : nil
                guard try await CertificateStore.markIssued(id, pdf: addresses[0], rawRecord: rawSHA, at: Date(), on: connection, logger: logger),
                    let issued = try await CertificateStore.row(id, on: connection, logger: logger)
                else { return }
                var event = Metrology_Certificates_V1_CertificateChanged()
                event.certificate = issued.message
                event.task = loaded.recorded.task
                event.customer = loaded.recorded.customer
                try await Outbox.append(
                    CertificatesEvents.certificateIssued, subject: issued.idString, payload: event, trace: trace, on: connection, logger: logger)
            }
        } catch let error as FillError {
            return failed(id, "\(error.code)：\(error.message)", logger: logger)
        } catch let error as PDFSealError {
            return failed(id, "\(error.code)：\(error.message)", logger: logger)
        } catch let error as ConversionError where error.code == "CONVERSION_BAD_INPUT" {
            return failed(id, "\(error.code)：\(error.message)", logger: logger)
        }
    }

    /// A document that can never be made (the template cannot be filled, LibreOffice refuses the result): the
    /// certificate keeps its number and shows why, for an operator to fix the template and issue it again.
    func failed(_ id: UUID, _ reason: String, logger: Logger) -> ProcessStepOutcome {
        logger.error("a certificate could not be issued", metadata: ["certificate": "\(id)", "reason": "\(reason)"])
        return .finished(state: []) { connection in
            try await connection.query(
                "UPDATE certificates SET state = 'failed', failure = \(reason) WHERE id = \(id) AND state = 'issuing'", logger: logger)
        }
    }

    func sealedPDF(
        _ filled: (document: Data, format: DocumentFormat), seal: SealKeeper.Current, reason: String, watermark: String? = nil
    ) async throws -> Data {
        let output = OutputFormat.pdf(archival: true, watermark: watermark, watermarkColor: watermark == nil ? nil : OutputFormat.voidRed)
        let pdf = try await pool.convert(filled.document, from: filled.format, to: output)
        return try PDFSealer.seal(pdf, identity: seal.identity, reason: reason, location: settings.institution, signingTime: Date())
    }

    func fillData(_ loaded: Loaded, seal: SealKeeper.Current) throws -> FillData {
        let certificate = loaded.certificate
        let task = loaded.recorded.task
        var images: [String: FillImage] = [:]
        var texts: [String: String] = [:]
        let signers: [(role: String, name: String, meaning: String)] = [
            ("sign_tester", certificate.testerName, "verification"), ("sign_reviewer", certificate.reviewerName, "review"),
            ("sign_approver", certificate.approverName, "approval"),
        ]
        for signer in signers {
            let signedAt =
                signer.meaning == "approval" ? certificate.approvedAt : task.signatures.last { $0.meaning == signer.meaning }?.signedAt.date
            let date = signedAt.map { CertificateFillData.chineseDate(CertificateFillData.day($0)) } ?? ""
            if let png = loaded.inputs[signer.role].flatMap({ loaded.files[$0] }) {
                images[signer.role.uppercased()] = FillImage(png: png.content, widthMM: 28, caption: [signer.name, date])
            } else {
                // No handwriting given: the printed name and date alone say who signed.
                texts[signer.role.uppercased()] = "\(signer.name)\n\(date)"
            }
        }
        images["SEAL"] = FillImage(png: seal.png, widthMM: 40)
        let check = try CheckToken.parameters(
            number: certificate.number, code: certificate.checkCode, day: CertificateFillData.day(certificate.approvedAt),
            conclusion: certificate.conclusion, serial: certificate.instrumentSerial, identity: seal.identity)
        images["QR_CODE"] = FillImage(png: try QRImage.png(settings.checkURL(check)), widthMM: 25, caption: ["查验码 \(certificate.checkCode)"])
        let labels = ApprovalInputs.decodePointLabels(loaded.inputs["point_labels"].flatMap { loaded.files[$0] }?.content)
        var data = CertificateFillData(
            task: task, customer: loaded.recorded.customer, certificate: certificate, images: images, pointLabels: labels
        ).fillData
        for (name, text) in texts { data.values[name] = .text(text) }
        return data
    }

    func load(_ id: UUID, logger: Logger) async throws -> Loaded? {
        try await database.withConnection { connection in
            guard let certificate = try await CertificateStore.row(id, on: connection, logger: logger),
                let approval = try await ApprovalStore.row(certificate.taskID, on: connection, logger: logger)
            else { return nil }
            let inputs = try await CertificateStore.inputs(id, on: connection, logger: logger)
            let files = try await FileStore.contents(Set(inputs.values), on: connection, logger: logger).mapValues {
                StoredFile(content: $0.content, mediaType: $0.mediaType)
            }
            return Loaded(certificate: certificate, inputs: inputs, recorded: try approval.taskRecorded(), files: files)
        }
    }
}
