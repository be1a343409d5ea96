import Messaging
import RPCCore

/// Query values the generated layer refuses before any call, with the codes the flows routes answered before they
/// were generated (APIErrors.parameterRefusals): a status filter outside active/retired/all is the flows service's own
/// FLOWS_ITEM_STATUS_INVALID, and a boolean that is not true/false/1/0 is QUERY_BOOLEAN_INVALID naming it.
extension FlowsRoutes {
    static func itemStatusInvalid(_ value: String) -> RPCError {
        .invalidArgument("状态筛选必须是 active、retired 或 all", reason: "FLOWS_ITEM_STATUS_INVALID", details: ["field": "status"])
    }

    static func booleanInvalid(_ name: String) -> @Sendable (String) -> RPCError {
        { _ in .invalidArgument("查询参数 \(name) 必须是 true 或 false", reason: "QUERY_BOOLEAN_INVALID", details: [name: "必须是 true 或 false"]) }
    }
}
