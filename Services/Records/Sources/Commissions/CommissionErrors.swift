import Foundation
import RPCCore

/// Commission refusals (RECORDS_COMMISSION_*, RECORDS_LINE_*, …).
extension RecordsErrors {
    static let commissionNotFound = RPCError.notFound("委托单不存在", reason: "RECORDS_COMMISSION_NOT_FOUND")

    static let commissionStateTitles = ["received": "已接收", "accepted": "已受理", "refused": "已拒绝", "in_progress": "检定中", "done": "已完成"]

    /// FAILED_PRECONDITION RECORDS_COMMISSION_STATE naming the current state (details `state`).
    static func commissionState(_ state: String, action: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "委托单当前状态为“\(commissionStateTitles[state] ?? state)”，不能\(action)",
            reason: "RECORDS_COMMISSION_STATE", details: ["state": state])
    }

    static func commissionID(_ text: String) throws -> UUID {
        guard !text.isEmpty else { throw invalid("commissionId", "请指定委托单", "RECORDS_COMMISSION_ID_INVALID") }
        guard let id = UUID(uuidString: text) else {
            throw invalid("commissionId", "委托单编号“\(text.prefix(64))”格式不正确", "RECORDS_COMMISSION_ID_INVALID")
        }
        return id
    }

    /// FAILED_PRECONDITION RECORDS_ITEM_NOT_USABLE carrying flows' reason (details `itemReason`) and message.
    static func itemNotUsable(reason: String, message: String, itemID: String, typeCode: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "检测项目当前不能开展：\(message.isEmpty ? reason : message)", reason: "RECORDS_ITEM_NOT_USABLE",
            details: ["itemReason": reason, "itemId": itemID, "typeCode": typeCode])
    }
}
