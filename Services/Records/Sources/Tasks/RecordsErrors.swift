import Foundation
import RPCCore

/// The refusals several records features share (tasks are read and changed by tasks, entry and submission). Each
/// feature adds its own in an `extension RecordsErrors` in its folder; every reason starts with RECORDS_.
enum RecordsErrors {
    static let taskNotFound = RPCError.notFound("任务不存在", reason: "RECORDS_TASK_NOT_FOUND")
    /// Starting a task and entering its values are mobile activities (§4.2.6): a session bound to no device is refused.
    static let deviceRequired = RPCError(
        code: .failedPrecondition, message: "检定录入须在已授权的移动终端上进行，请在手机上登录后开始任务", reason: "RECORDS_DEVICE_REQUIRED")

    static let stateTitles = ["created": "待检", "in_progress": "检定中", "submitted": "待核验", "returned": "已退回", "reviewed": "待批准", "approved": "已批准"]

    /// INVALID_ARGUMENT naming the field, the manner of the other services' validation errors.
    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message, reason: reason, details: ["field": field])
    }

    /// A task id from a request: a UUID, or INVALID_ARGUMENT RECORDS_TASK_ID_INVALID.
    static func taskID(_ text: String, field: String = "taskId") throws -> UUID {
        guard !text.isEmpty else { throw invalid(field, "请指定任务", "RECORDS_TASK_ID_INVALID") }
        guard let id = UUID(uuidString: text) else { throw invalid(field, "任务编号“\(text.prefix(64))”格式不正确", "RECORDS_TASK_ID_INVALID") }
        return id
    }

    /// FAILED_PRECONDITION RECORDS_TASK_STATE: the task is not in a state that allows `action` (e.g. "录入").
    static func taskState(_ state: String, action: String) -> RPCError {
        RPCError(
            code: .failedPrecondition, message: "任务当前状态为“\(stateTitles[state] ?? state)”，不能\(action)", reason: "RECORDS_TASK_STATE",
            details: ["state": state])
    }

    /// PERMISSION_DENIED RECORDS_TASK_NOT_YOURS: the task belongs to another tester.
    static func taskNotYours(testerName: String) -> RPCError {
        RPCError(
            code: .permissionDenied, message: "该任务已分配给\(testerName.isEmpty ? "其他检定员" : "“\(testerName)”")，不能由您操作",
            reason: "RECORDS_TASK_NOT_YOURS")
    }
}
