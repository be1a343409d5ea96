import RPCCore

/// Why a stored outcome was not replayed.
enum IdempotencyError {
    /// The key was first used by another caller or for another method. 409 at the gateway: the client must not
    /// take it as done, and must not be shown what the first use answered.
    static let conflict = RPCError.alreadyExists(
        "该幂等键（Idempotency-Key）已被另一个用户或另一种操作使用过，请为本次操作生成新的幂等键", reason: "IDEMPOTENCY_KEY_CONFLICT")
    /// Same caller and method, different request.
    static let reused = RPCError.invalidArgument("同一个幂等键已用于另一个不同的请求", reason: "IDEMPOTENCY_KEY_REUSED")
    /// A row kept from before outcomes were scoped: it was done, but its reply is no longer kept.
    static let expired = RPCError.failedPrecondition(
        "该幂等键对应的操作已完成，但其结果已不再保存，请刷新后查看当前状态", reason: "IDEMPOTENCY_OUTCOME_EXPIRED")
}
