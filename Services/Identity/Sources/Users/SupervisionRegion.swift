import Auth
import Foundation
import RPCCore

/// 监管区域 (issue 19): the jurisdiction of a government supervisor (政府监督员), a GB/T 2260 administrative division
/// code prefix of 2 (province), 4 (city) or 6 (county) digits. Reports limits a supervisor to mandatory-verification
/// results of customers whose region code starts with it, so the role is useless — and must be refused — without one.
enum SupervisionRegion {
    static let roleCode = Principal.supervisorRole

    /// The trimmed code, or "" for none. IDENTITY_SUPERVISION_REGION_INVALID unless 2, 4 or 6 ASCII digits with a
    /// province part that is not "00" (no GB/T 2260 province starts with 00).
    static func parse(_ value: String) throws -> String {
        let code = value.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return "" }
        guard [2, 4, 6].contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber }), !code.hasPrefix("00") else {
            throw ProfileValidation.invalid(
                "supervisionRegion", "监管区域须为 2、4 或 6 位行政区划代码（GB/T 2260），如 42、4201、420102", "IDENTITY_SUPERVISION_REGION_INVALID")
        }
        return code
    }

    /// A holder of the supervisor role must have a region: IDENTITY_SUPERVISION_REGION_REQUIRED otherwise. Everyone
    /// else keeps whatever is given (a region without the role is harmless and survives a role change back).
    static func check(roles: [String], region: String) throws {
        guard roles.contains(roleCode), region.isEmpty else { return }
        throw RPCError(
            code: .failedPrecondition, message: "政府监督员必须填写监管区域（2、4 或 6 位行政区划代码）", reason: "IDENTITY_SUPERVISION_REGION_REQUIRED",
            details: ["field": "supervisionRegion"])
    }
}
