import Contracts
import Foundation
import SwiftProtobuf

/// The entry's document from a certificate event. Pure, so the same event always gives the same bytes (a test
/// checks it): every time in it comes from the event, none from the clock.
enum FeedEntryBuilder {
    static func document(
        _ change: Metrology_Certificates_V1_CertificateChanged, sequence: Int64, type: String, corrects: Int64?, institution: String
    ) -> FeedEntryDocument {
        let certificate = change.certificate
        let task = change.task
        let instrument = task.instrument
        let customer = change.customer
        var document = FeedEntryDocument(
            sequence: sequence, type: type, issuer: .init(name: institution),
            certificate: .init(
                id: certificate.id, number: certificate.number, kind: certificate.kind, conclusion: certificate.conclusion,
                result: certificate.kind == "notice" ? "不合格" : "合格", testDate: certificate.testDate.isEmpty ? task.testDate : certificate.testDate,
                validUntil: certificate.validUntil, issuedAt: time(certificate.hasIssuedAt ? certificate.issuedAt : nil),
                testerName: certificate.testerName, reviewerName: certificate.reviewerName, approverName: certificate.approverName,
                rawRecordNumber: certificate.rawRecordNumber),
            item: .init(code: certificate.itemCode, name: certificate.itemName, typeCode: certificate.typeCode, typeTitle: certificate.typeTitle),
            instrument: .init(
                id: instrument.id, name: instrument.name.isEmpty ? certificate.instrumentName : instrument.name,
                model: instrument.model.isEmpty ? certificate.instrumentModel : instrument.model,
                serialNumber: instrument.serialNumber.isEmpty ? certificate.instrumentSerial : instrument.serialNumber,
                manufacturer: instrument.manufacturer.isEmpty ? certificate.instrumentManufacturer : instrument.manufacturer,
                manufactureDate: instrument.manufactureDate, accuracyClass: instrument.accuracyClass, measuringRange: instrument.measuringRange,
                use: instrument.mandatoryUse, placeOfUse: instrument.placeOfUse),
            customer: .init(
                name: customer.name.isEmpty ? certificate.customerName : customer.name, creditCode: customer.uscc, address: customer.address,
                regionCode: customer.regionCode, regionName: customer.regionName),
            correction: nil)
        if type == "correction" {
            document.correction = .init(
                corrects: corrects ?? 0, correctsCertificateNumber: certificate.number, action: "void", reason: certificate.voidReason,
                voidedAt: time(certificate.hasVoidedAt ? certificate.voidedAt : nil))
        }
        return document
    }

    /// RFC 3339 in UTC with seconds, "" when absent.
    static func time(_ timestamp: Google_Protobuf_Timestamp?) -> String {
        guard let timestamp else { return "" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: timestamp.date)
    }
}
