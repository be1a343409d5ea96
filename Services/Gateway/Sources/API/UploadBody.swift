import Foundation
import Hummingbird
import RPCCore

/// Bodies that carry a file as base64 (templates, regulations). Base64 adds a third, so 16 MiB of JSON holds a file of
/// about 12 MiB: enough for the 10 MiB the services accept for a template, with room for the other fields. Only the
/// upload routes get this limit; every other route keeps APITransport's 1 MiB, so a client cannot make the gateway
/// buffer 16 MiB anywhere it pleases.
enum UploadBody {
    static let limit = 16 << 20

    /// Status 413 comes from ProblemDetails.statusByReason; the code differs from PAYLOAD_TOO_LARGE so an app can tell
    /// the user their file is too big rather than that something went wrong.
    static let tooLarge = RPCError.invalidArgument(
        "上传的文件过大：请求内容不能超过 16 MiB（文件须小于约 12 MiB）", reason: "UPLOAD_TOO_LARGE", details: ["maxBodyBytes": "\(limit)"])
}
