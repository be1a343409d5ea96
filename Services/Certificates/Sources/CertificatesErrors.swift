import Foundation
import RPCCore

/// The refusals of the certificates service; every reason starts with CERTIFICATES_. Features add theirs in an
/// `extension CertificatesErrors` in their folder.
enum CertificatesErrors {
    static let approvalNotFound = RPCError.notFound("待批准记录不存在", reason: "CERTIFICATES_APPROVAL_NOT_FOUND")
    static let certificateNotFound = RPCError.notFound("证书不存在", reason: "CERTIFICATES_CERTIFICATE_NOT_FOUND")
    static let fileNotFound = RPCError.notFound("文件不存在", reason: "CERTIFICATES_FILE_NOT_FOUND")

    static let approvalStateTitles = ["pending": "待批准", "approved": "已批准", "returned": "已退回"]
    static let certificateStateTitles = ["issuing": "生成中", "issued": "已签发", "voided": "已作废", "failed": "生成失败"]

    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message, reason: reason, details: ["field": field])
    }

    static func id(_ text: String, field: String, what: String) throws -> UUID {
        guard !text.isEmpty else { throw invalid(field, "请指定\(what)", "CERTIFICATES_ID_INVALID") }
        guard let id = UUID(uuidString: text) else { throw invalid(field, "\(what)标识“\(text.prefix(64))”格式不正确", "CERTIFICATES_ID_INVALID") }
        return id
    }

    static func approvalState(_ state: String, action: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "该记录当前状态为“\(approvalStateTitles[state] ?? state)”，不能\(action)",
            reason: "CERTIFICATES_APPROVAL_STATE", details: ["state": state])
    }

    static func certificateState(_ state: String, action: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "该证书当前状态为“\(certificateStateTitles[state] ?? state)”，不能\(action)",
            reason: "CERTIFICATES_CERTIFICATE_STATE", details: ["state": state])
    }

    /// A reason a person types (return, void): required, at most 500 characters, no control characters.
    static func reason(_ text: String, field: String = "reason", what: String) throws -> String {
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw invalid(field, "请填写\(what)原因", "CERTIFICATES_REASON_REQUIRED") }
        guard reason.count <= 500 else { throw invalid(field, "\(what)原因不能超过 500 个字", "CERTIFICATES_REASON_TOO_LONG") }
        guard !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            throw invalid(field, "\(what)原因含有不可见的控制字符", "CERTIFICATES_REASON_INVALID")
        }
        return reason
    }
}
