import Foundation

/// One entry of the feed as consumers receive it: the JWS payload, `schemaVersion` 1 (Docs/feed.md). Field names
/// are the wire contract; add fields only with a new schema version or as optional ones documented as such.
struct FeedEntryDocument: Codable, Sendable, Equatable {
    var schemaVersion = 1
    var sequence: Int64
    /// result 检定结果 | correction 更正（作废）
    var type: String
    var issuer: Issuer
    var certificate: Certificate
    var item: Item
    var instrument: Instrument
    var customer: Customer
    /// Only on corrections.
    var correction: Correction?

    struct Issuer: Codable, Sendable, Equatable {
        var name: String
    }

    struct Certificate: Codable, Sendable, Equatable {
        var id: String
        var number: String
        /// certificate 检定证书 | notice 检定结果通知书
        var kind: String
        var conclusion: String
        /// "合格" when kind is certificate, else "不合格": what a regulator counts.
        var result: String
        var testDate: String
        var validUntil: String
        var issuedAt: String
        var testerName: String
        var reviewerName: String
        var approverName: String
        var rawRecordNumber: String
    }

    struct Item: Codable, Sendable, Equatable {
        var code: String
        var name: String
        var typeCode: String
        var typeTitle: String
    }

    struct Instrument: Codable, Sendable, Equatable {
        var id: String
        var name: String
        var model: String
        var serialNumber: String
        var manufacturer: String
        var manufactureDate: String
        var accuracyClass: String
        var measuringRange: String
        /// trade 贸易结算 | safety 安全防护 | medical 医疗卫生 | environment 环境监测
        var use: String
        var placeOfUse: String
    }

    struct Customer: Codable, Sendable, Equatable {
        var name: String
        /// 统一社会信用代码; "" for a private person.
        var creditCode: String
        var address: String
        /// GB/T 2260, 6 digits.
        var regionCode: String
        var regionName: String
    }

    struct Correction: Codable, Sendable, Equatable {
        /// The sequence of the result entry this voids.
        var corrects: Int64
        var correctsCertificateNumber: String
        var action: String
        var reason: String
        var voidedAt: String
    }

    /// Sorted keys, no escaped slashes: the bytes that are signed and stored.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
