import Contracts
import Foundation
import RPCCore
import ServiceKit

/// The kinds of measurement standard a procedure needs (所需计量标准), as a draft save brings them: records asks the
/// tester for one registered standard of each kind when a task starts, and devices names a standard's kind by the
/// same code (Standard.category), so the code follows the data item code rule and is unique within the procedure.
/// Each refusal is INVALID_ARGUMENT naming the field as the caller wrote it (`standards[1].code`).
enum StandardNeedInput {
    static let maxNeeds = 20
    static let maxCodeLength = 40
    static let maxTitleLength = 60

    /// The needs with their titles NFC-normalised and trimmed, or the first refusal.
    static func checked(_ needs: [Metrology_Flows_V1_StandardNeed]) throws(RPCError) -> [Metrology_Flows_V1_StandardNeed] {
        guard needs.count <= maxNeeds else {
            throw RPCError.invalidArgument(
                "所需计量标准不能超过 \(maxNeeds) 种", reason: "FLOWS_TOO_MANY_STANDARD_NEEDS", details: ["field": "standards"])
        }
        var seen: Set<String> = []
        var checked: [Metrology_Flows_V1_StandardNeed] = []
        for (index, need) in needs.enumerated() {
            let field = "standards[\(index)]"
            guard DataItemRules.isCode(need.code, maxLength: maxCodeLength) else {
                throw RPCError.invalidArgument(
                    "第 \(index + 1) 种所需计量标准的代码“\(need.code.prefix(maxCodeLength))”须为字母开头的字母、数字或下划线（至多 \(maxCodeLength) 个）",
                    reason: "FLOWS_STANDARD_NEED_CODE_INVALID", details: ["field": "\(field).code"])
            }
            // Case-insensitive, like data item codes: "Metal_Measure" and "metal_measure" would confuse a tester.
            guard seen.insert(need.code.lowercased()).inserted else {
                throw RPCError.invalidArgument(
                    "所需计量标准的代码“\(need.code)”重复", reason: "FLOWS_STANDARD_NEED_DUPLICATE", details: ["field": "\(field).code"])
            }
            let title = try HumanText(field: "\(field).title", maxLength: maxTitleLength).check(need.title)
                .trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty else {
                throw RPCError.invalidArgument(
                    "所需计量标准“\(need.code)”须有名称", reason: "FLOWS_STANDARD_NEED_TITLE_REQUIRED", details: ["field": "\(field).title"])
            }
            var clean = Metrology_Flows_V1_StandardNeed()
            clean.code = need.code
            clean.title = title
            checked.append(clean)
        }
        return checked
    }
}
