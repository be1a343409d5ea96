import RPCCore

/// Every refusal of a WebAuthn registration or assertion: a stable code and a Chinese message. Missing user
/// verification is 401 (the person was not verified), as the mobile app expects; bad or mismatching data is 400;
/// another person's or device's credential and a counter that went backwards (a cloned authenticator) are 403.
enum WebAuthnRefusal {
    static func encoding(_ field: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "WebAuthn 数据须为 base64url 编码（字段 \(field)）", reason: "IDENTITY_WEBAUTHN_ENCODING_INVALID",
            details: ["field": field])
    }
    static let deviceRequired = RPCError(
        code: .failedPrecondition, message: "须在已授权的移动设备上登录后才能登记生物特征凭据", reason: "IDENTITY_WEBAUTHN_DEVICE_REQUIRED")
    static let deviceNotEnabled = RPCError(
        code: .failedPrecondition, message: "该设备未启用，不能登记或使用生物特征凭据", reason: "IDENTITY_WEBAUTHN_DEVICE_NOT_ENABLED")
    static let challengeInvalid = RPCError(
        code: .failedPrecondition, message: "登记挑战无效、已使用或已过期，请重新开始登记", reason: "IDENTITY_WEBAUTHN_CHALLENGE_INVALID")
    static let clientDataInvalid = RPCError(
        code: .invalidArgument, message: "clientDataJSON 不是有效的 WebAuthn 客户端数据", reason: "IDENTITY_WEBAUTHN_CLIENT_DATA_INVALID")
    static func typeInvalid(expected: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "WebAuthn 客户端数据类型错误（应为 \(expected)）", reason: "IDENTITY_WEBAUTHN_TYPE_INVALID",
            details: ["expected": expected])
    }
    static let challengeMismatch = RPCError(
        code: .invalidArgument, message: "WebAuthn 应答的挑战与服务器发出的不一致", reason: "IDENTITY_WEBAUTHN_CHALLENGE_MISMATCH")
    static func originNotAllowed(_ origin: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "WebAuthn 请求来源 \(origin.prefix(100)) 不在允许的来源之列", reason: "IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED",
            details: ["origin": String(origin.prefix(100))])
    }
    static let crossOrigin = RPCError(
        code: .invalidArgument, message: "不接受跨源嵌入页面中的 WebAuthn 操作", reason: "IDENTITY_WEBAUTHN_ORIGIN_NOT_ALLOWED")
    static func attestationInvalid(_ why: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "attestationObject 格式错误（\(why.prefix(80))）", reason: "IDENTITY_WEBAUTHN_ATTESTATION_INVALID")
    }
    static func attestationUnsupported(_ format: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "不支持的证明格式 \(format.prefix(40))（仅支持 none 与 packed 自证明）",
            reason: "IDENTITY_WEBAUTHN_ATTESTATION_UNSUPPORTED")
    }
    static func authenticatorDataInvalid(_ why: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: "认证器数据格式错误（\(why.prefix(80))）", reason: "IDENTITY_WEBAUTHN_AUTHENTICATOR_DATA_INVALID")
    }
    static let rpIDMismatch = RPCError(
        code: .invalidArgument, message: "认证器数据中的依赖方标识（RP ID）与本系统不一致", reason: "IDENTITY_WEBAUTHN_RP_ID_MISMATCH")
    static let userNotPresent = RPCError(
        code: .unauthenticated, message: "认证器未确认用户在场，请重新验证", reason: "IDENTITY_WEBAUTHN_USER_NOT_PRESENT")
    static let userNotVerified = RPCError(
        code: .unauthenticated, message: "未通过生物特征验证（指纹或面容），签名无效，请重新验证", reason: "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED")
    static let keyUnsupported = RPCError(
        code: .invalidArgument, message: "凭据公钥须为 ES256（COSE EC2、P-256 曲线）", reason: "IDENTITY_WEBAUTHN_KEY_UNSUPPORTED")
    static let credentialIDMismatch = RPCError(
        code: .invalidArgument, message: "凭据编号与认证器数据中的不一致", reason: "IDENTITY_WEBAUTHN_CREDENTIAL_ID_MISMATCH")
    static let credentialExists = RPCError(
        code: .alreadyExists, message: "该凭据已经登记过", reason: "IDENTITY_WEBAUTHN_CREDENTIAL_EXISTS")
    static let credentialNotFound = RPCError.notFound("生物特征凭据不存在", reason: "IDENTITY_WEBAUTHN_CREDENTIAL_NOT_FOUND")
    static let credentialForeign = RPCError(
        code: .permissionDenied, message: "该凭据不属于当前用户或不是在本设备上登记的", reason: "IDENTITY_WEBAUTHN_CREDENTIAL_FOREIGN")
    static let signatureInvalid = RPCError(
        code: .invalidArgument, message: "WebAuthn 签名验证失败", reason: "IDENTITY_WEBAUTHN_SIGNATURE_INVALID")
    static let counter = RPCError(
        code: .permissionDenied, message: "认证器签名计数未增加，疑似被复制的认证器，已拒绝", reason: "IDENTITY_WEBAUTHN_COUNTER")
    static let deviceSignatureRequired = RPCError(
        code: .invalidArgument, message: "登记生物特征凭据须附本设备密钥的签名（deviceSignature），请更新应用后重试",
        reason: "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_REQUIRED")
    static let deviceSignatureInvalid = RPCError(
        code: .unauthenticated, message: "设备签名验证失败，只能在本次登录的已启用设备上登记生物特征凭据",
        reason: "IDENTITY_WEBAUTHN_DEVICE_SIGNATURE_INVALID")
    /// The counter refusal with the credential named, for the audit entry written after the rollback.
    static func counter(credential: String, device: String, stored: Int64) -> RPCError {
        RPCError(
            code: counter.code, message: counter.message, reason: counter.reason,
            details: ["credential": credential, "device": device, "storedSignCount": String(stored)])
    }
    static let deleteNotAllowed = RPCError(
        code: .permissionDenied, message: "只能删除本人的凭据，或需要“用户管理”权限", reason: "IDENTITY_WEBAUTHN_DELETE_NOT_ALLOWED")
}
