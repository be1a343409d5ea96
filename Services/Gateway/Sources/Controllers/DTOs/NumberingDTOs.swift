import Contracts
import Foundation

// Numbering (证书编号设置): one rule per item, type and target; numbers are issued in order, without gaps.

struct NumberingRuleDTO: Codable, Sendable {
    var itemId: String
    var typeCode: String
    /// raw_record | certificate
    var target: String
    var prefix: String
    var suffix: String
    /// none | YYYY | YYYYMM | YYYYMMDD
    var datePattern: String
    var width: Int32
    var start: Int64
    /// The next sequence number in the current period.
    var next: Int64
    var issuedCount: Int64
    var updatedAt: String?

    init(_ rule: Metrology_Flows_V1_NumberingRule) {
        itemId = rule.itemID
        typeCode = rule.typeCode
        target = rule.target
        prefix = rule.prefix
        suffix = rule.suffix
        datePattern = rule.datePattern
        width = rule.width
        start = rule.start
        next = rule.next
        issuedCount = rule.issuedCount
        updatedAt = rule.hasUpdatedAt ? RFC3339.string(rule.updatedAt) : nil
    }
}

struct NumberingRuleListDTO: Codable, Sendable {
    var rules: [NumberingRuleDTO]
}

/// PUT: the rule for (item, typeCode, target) as a whole. Prefix and suffix may be left out (none); the date pattern,
/// width and start may not, since no default is obviously right for a lab's certificate numbers.
struct SetNumberingRuleBody: Codable, Sendable {
    var typeCode: String
    var target: String
    var prefix: String?
    var suffix: String?
    var datePattern: String
    var width: Int32
    var start: Int64
}

struct NumberPreviewDTO: Codable, Sendable {
    var numbers: [String]
}

struct IssueNumberBody: Codable, Sendable {
    var typeCode: String
    var target: String
    /// What the number is for (e.g. the record id), kept with it.
    var reference: String?
}

struct IssuedNumberDTO: Codable, Sendable {
    var number: String
    var sequence: Int64
    /// The date part the sequence belongs to; empty for pattern none.
    var period: String
    var issuedAt: String?

    init(_ issued: Metrology_Flows_V1_IssuedNumber) {
        number = issued.number
        sequence = issued.sequence
        period = issued.period
        issuedAt = issued.hasIssuedAt ? RFC3339.string(issued.issuedAt) : nil
    }
}
