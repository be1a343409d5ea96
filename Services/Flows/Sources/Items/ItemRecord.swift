import Contracts
import Foundation
import ServiceKit
import SwiftProtobuf

struct BasisRecord: Sendable, Equatable {
    var kind: String
    var certificateNo: String
    var validUntil: String
    var issuer: String

    static let kinds: [String: String] = ["standard_assessment": "计量标准考核证书", "authorization": "授权证书", "accreditation": "认可证书"]

    func isValid(on day: CalendarDay) -> Bool { CalendarDay(validUntil).map { day <= $0 } ?? false }

    var message: Metrology_Flows_V1_LegalBasis {
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = kind
        basis.certificateNo = certificateNo
        basis.validUntil = validUntil
        basis.issuer = issuer
        return basis
    }
}

struct ItemRecord: Sendable {
    var id: UUID
    var code: String
    var name: String
    var bases: [BasisRecord]
    /// `retired`: the type is kept for history but offered for no new work.
    var types: [(code: String, category: String, subtype: String, retired: Bool)]
    var regulationCodes: [String]
    var createdAt: Date
    var updatedAt: Date
    /// Set while the item is retired (已停用).
    var retiredAt: Date? = nil
    var retiredReason: String = ""

    var idString: String { id.uuidString.lowercased() }
    var isRetired: Bool { retiredAt != nil }

    /// Usable while at least one basis is valid (§4.3.5.3); the reason names what is missing.
    func usability(on day: CalendarDay) -> (usable: Bool, reason: String) {
        if bases.contains(where: { $0.isValid(on: day) }) { return (true, "") }
        if bases.isEmpty { return (false, "检测项目“\(name)”没有登记计量标准考核证书、授权或认可，不能开展检测") }
        let latest = bases.map(\.validUntil).max() ?? ""
        return (false, "检测项目“\(name)”的开展依据已于 \(latest) 过期，不能开展检测")
    }

    var message: Metrology_Flows_V1_Item {
        var item = Metrology_Flows_V1_Item()
        item.id = idString
        item.code = code
        item.name = name
        item.bases = bases.map(\.message)
        item.types = types.map { type in
            var message = Metrology_Flows_V1_TestType()
            message.code = type.code
            message.category = type.category
            message.subtype = type.subtype
            message.title = TestTypeCatalog.title(of: type.code)
            message.retired = type.retired
            return message
        }
        let usability = usability(on: .today)
        item.usable = usability.usable && !isRetired
        item.unusableReason = isRetired ? "检测项目“\(name)”已停用" : usability.reason
        item.regulationCodes = regulationCodes
        item.createdAt = Google_Protobuf_Timestamp(date: createdAt)
        item.updatedAt = Google_Protobuf_Timestamp(date: updatedAt)
        item.retired = isRetired
        if let retiredAt { item.retiredAt = Google_Protobuf_Timestamp(date: retiredAt) }
        item.retiredReason = retiredReason
        return item
    }
}
