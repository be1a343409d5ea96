import Contracts
import Foundation

// Test items (检测项目), their legal basis and test types. Dates are "YYYY-MM-DD" strings; the flows service validates
// them, as it does basis kinds, categories and subtypes.

/// 开展依据: the certificate or authorisation that allows the lab to work on an item.
struct LegalBasisDTO: Codable, Sendable {
    /// standard_assessment | authorization | accreditation
    var kind: String
    var certificateNo: String
    var validUntil: String
    var issuer: String

    init(_ basis: Metrology_Flows_V1_LegalBasis) {
        kind = basis.kind
        certificateNo = basis.certificateNo
        validUntil = basis.validUntil
        issuer = basis.issuer
    }

    /// The issuer may be left out (not every authorisation names one); the rest the service requires and checks.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        certificateNo = try container.decode(String.self, forKey: .certificateNo)
        validUntil = try container.decode(String.self, forKey: .validUntil)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer) ?? ""
    }

    var message: Metrology_Flows_V1_LegalBasis {
        var basis = Metrology_Flows_V1_LegalBasis()
        basis.kind = kind
        basis.certificateNo = certificateNo
        basis.validUntil = validUntil
        basis.issuer = issuer
        return basis
    }
}

struct TestTypeDTO: Codable, Sendable {
    /// verification | intermediate_check | calibration
    var category: String
    var subtype: String
    /// "<category>:<subtype>", what the procedure, template and numbering routes take as `type`.
    var code: String
    var title: String
    /// 已停用: kept for history, offered for no new work.
    var retired: Bool

    init(_ type: Metrology_Flows_V1_TestType) {
        category = type.category
        subtype = type.subtype
        code = type.code
        title = type.title
        retired = type.retired
    }
}

struct ItemDTO: Codable, Sendable {
    var id: String
    var code: String
    var name: String
    var bases: [LegalBasisDTO]
    var types: [TestTypeDTO]
    /// At least one basis is valid today.
    var usable: Bool
    var unusableReason: String
    var regulationCodes: [String]
    var createdAt: String?
    var updatedAt: String?
    /// 已停用: kept with its history, gone from pickers (ListItems without `status`), no new work.
    var retired: Bool
    var retiredAt: String?
    var retiredReason: String

    init(_ item: Metrology_Flows_V1_Item) {
        id = item.id
        code = item.code
        name = item.name
        bases = item.bases.map(LegalBasisDTO.init)
        types = item.types.map(TestTypeDTO.init)
        usable = item.usable
        unusableReason = item.unusableReason
        regulationCodes = item.regulationCodes
        createdAt = item.hasCreatedAt ? RFC3339.string(item.createdAt) : nil
        updatedAt = item.hasUpdatedAt ? RFC3339.string(item.updatedAt) : nil
        retired = item.retired
        retiredAt = item.hasRetiredAt ? RFC3339.string(item.retiredAt) : nil
        retiredReason = item.retiredReason
    }
}

/// A page when `page`/`pageSize` were asked for, otherwise every match (then `pageSize` is their number).
struct ItemListDTO: Codable, Sendable {
    var items: [ItemDTO]
    var total: Int64
    var page: Int32
    var pageSize: Int32
}

/// An item may be created before its basis is recorded; it is not usable until then.
struct CreateItemBody: Codable, Sendable {
    var code: String
    var name: String
    var bases: [LegalBasisDTO]?
}

/// PATCH semantics: an absent (or null) field stays as it is. `bases`, when present, replaces the whole list (an empty
/// list removes every basis): a repeated field cannot say "absent", hence replace_bases on the wire.
struct UpdateItemBody: Codable, Sendable {
    var name: String?
    var bases: [LegalBasisDTO]?
}

struct AddTestTypeBody: Codable, Sendable {
    var category: String
    var subtype: String
}

/// The optional body of retire / reactivate: why, for the audit trail.
struct RetireBody: Codable, Sendable {
    var reason: String?
}

/// An item that may not be used is an answer (usable: false with a stable reason), not an error.
struct ItemUsabilityDTO: Codable, Sendable {
    var usable: Bool
    /// ITEM_NO_VALID_BASIS | ITEM_TYPE_UNKNOWN | ITEM_NOT_FOUND | ITEM_NO_PUBLISHED_PROCEDURE | ITEM_RETIRED | ITEM_TYPE_RETIRED;
    /// empty when usable.
    var reason: String
    var message: String
    /// The procedure version work started on that day would use; 0 when not usable.
    var procedureVersion: Int32

    init(_ response: Metrology_Flows_V1_CheckItemUsableResponse) {
        usable = response.usable
        reason = response.reason
        message = response.message
        procedureVersion = response.procedureVersion
    }
}
