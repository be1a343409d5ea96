import Contracts
import Foundation
import SwiftProtobuf
import Testing

@testable import ReportsService

@Suite struct FeedEntryBuilderTests {
    static func change(kind: String = "certificate") -> Metrology_Certificates_V1_CertificateChanged {
        var change = Metrology_Certificates_V1_CertificateChanged()
        change.certificate.id = "8a3c0e52-96a1-4f5e-9d3c-0a1b2c3d4e5f"
        change.certificate.number = "JD2026-000123"
        change.certificate.kind = kind
        change.certificate.conclusion = kind == "notice" ? "不合格" : "合格"
        change.certificate.testDate = "2026-11-30"
        change.certificate.validUntil = "2027-11-29"
        change.certificate.issuedAt = Google_Protobuf_Timestamp(seconds: 1_796_000_000)
        change.certificate.itemCode = "JJG443"
        change.certificate.itemName = "燃油加油机"
        change.certificate.voidReason = "客户名称有误"
        change.certificate.voidedAt = Google_Protobuf_Timestamp(seconds: 1_796_100_000)
        change.task.instrument.mandatory = true
        change.task.instrument.mandatoryUse = "trade"
        change.task.instrument.name = "燃油加油机"
        change.task.instrument.serialNumber = "SN-01/7"
        change.customer.name = "宜昌某加油站"
        change.customer.regionCode = "420502"
        change.customer.uscc = "91420500MA4F000000"
        return change
    }

    @Test("Same event, same bytes: every time in the entry comes from the event; keys sorted, slashes unescaped")
    func deterministic() throws {
        let first = try FeedEntryBuilder.document(Self.change(), sequence: 5, type: "result", corrects: nil, institution: "示例所").encoded()
        let second = try FeedEntryBuilder.document(Self.change(), sequence: 5, type: "result", corrects: nil, institution: "示例所").encoded()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix(#"{"certificate":{"#))
        #expect(text.contains(#""serialNumber":"SN-01/7""#))
        #expect(text.contains(#""issuedAt":"2026-11-30T"#) || text.contains(#""issuedAt":"2026-"#))
        #expect(!text.contains("correction"))
        let decoded = try JSONDecoder().decode(FeedEntryDocument.self, from: first)
        #expect(decoded.schemaVersion == 1 && decoded.sequence == 5 && decoded.customer.regionCode == "420502")
        #expect(decoded.certificate.result == "合格" && decoded.instrument.use == "trade")
    }

    @Test("A correction references the original's sequence and carries the void")
    func correction() throws {
        let document = FeedEntryBuilder.document(Self.change(kind: "notice"), sequence: 9, type: "correction", corrects: 5, institution: "示例所")
        #expect(document.correction?.corrects == 5)
        #expect(document.correction?.reason == "客户名称有误")
        #expect(document.correction?.voidedAt.isEmpty == false)
        #expect(document.certificate.result == "不合格")
    }

    @Test("Only certificate events map to a kind")
    func kinds() {
        #expect(FeedProjection.Kind(eventType: "certificates.certificate.issued") == .issued)
        #expect(FeedProjection.Kind(eventType: "certificates.certificate.voided") == .voided)
        #expect(FeedProjection.Kind(eventType: "records.task.reviewed") == nil)
    }
}
