import Auth
import Messaging
import RPCCore

/// Who may take a number from a rule (issue 14 §11): the rule's purpose decides. A raw-record number is taken by
/// whoever enters raw records (原始记录录入), a certificate number by whoever drafts certificates (证书报告编辑);
/// holding one of them no longer opens the other rule, so a tester cannot take certificate numbers, nor a document
/// clerk record numbers. The numbering administrator (证书编号设置) may take either: the console lets them issue one
/// by hand (a number for a paper record), and they already decide what every number looks like. An approver takes
/// certificate numbers too: approving is what issues a certificate.
enum NumberingEntitlement {
    /// The permission that issues numbers of `target` (`raw_record` or `certificate`, checked before this).
    static func permission(for target: String) -> Permission {
        target == "certificate" ? .certificatesEdit : .recordsEnter
    }

    static func require(_ caller: Principal, target: String) throws {
        let needed = permission(for: target)
        // A certificate's number is taken when it is approved (批准, issue 17): the approver takes it, through
        // certificates' ApproveTask, for the certificate that approval issues.
        let approves = target == "certificate" && caller.has(.certificatesApprove)
        guard caller.has(needed) || caller.has(.numberingManage) || approves else {
            let what = target == "certificate" ? "证书报告" : "原始记录"
            throw RPCError(
                code: .permissionDenied, message: "没有领取\(what)编号的权限（需要“\(needed.title ?? needed.code)”或“证书编号设置”权限）",
                reason: "FLOWS_NUMBERING_NOT_ENTITLED", details: ["permission": needed.code, "target": target])
        }
    }
}
