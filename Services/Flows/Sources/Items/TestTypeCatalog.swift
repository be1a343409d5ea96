import Messaging
import RPCCore

/// The kinds of test work (§4.2.3.2): 检定 with its three subtypes, and numbered 期间核查 and 校准 variants.
enum TestTypeCatalog {
    static let categories: [String: String] = ["verification": "检定", "intermediate_check": "期间核查", "calibration": "校准"]
    static let verificationSubtypes: [String: String] = ["initial": "首次检定", "subsequent": "后续检定", "in_use": "使用中检查"]

    /// Validates a category and subtype; returns the type code and its Chinese title.
    static func resolve(category: String, subtype: String) throws -> (code: String, title: String) {
        guard let categoryTitle = categories[category] else {
            throw RPCError.invalidArgument(
                "检测类型必须是 verification（检定）、intermediate_check（期间核查）或 calibration（校准）", reason: "FLOWS_TYPE_CATEGORY_INVALID",
                details: ["field": "category"])
        }
        if category == "verification" {
            guard let title = verificationSubtypes[subtype] else {
                throw RPCError.invalidArgument(
                    "检定的分类型必须是 initial（首次检定）、subsequent（后续检定）或 in_use（使用中检查）", reason: "FLOWS_TYPE_SUBTYPE_INVALID",
                    details: ["field": "subtype"])
            }
            return ("verification:\(subtype)", "\(categoryTitle) / \(title)")
        }
        guard let number = Int(subtype), (1...99).contains(number) else {
            throw RPCError.invalidArgument("\(categoryTitle)的分类型是序号 1 到 99", reason: "FLOWS_TYPE_SUBTYPE_INVALID", details: ["field": "subtype"])
        }
        return ("\(category):\(number)", "\(categoryTitle) \(number)")
    }

    static func title(of code: String) -> String {
        let parts = code.split(separator: ":").map(String.init)
        guard parts.count == 2, let resolved = try? resolve(category: parts[0], subtype: parts[1]) else { return code }
        return resolved.title
    }
}
