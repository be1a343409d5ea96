import Contracts
import Messaging
import Persistence
import PostgresNIO
import RPCCore

/// EventLog/ListEvents for the service's own retained event log; every service registers it (see `ServiceRuntime`),
/// so a read model elsewhere can be rebuilt from it (`RemoteEventLog`).
struct EventLogHandlers: Sendable {
    let database: PostgresClient

    func register(on router: inout ServiceRouter, service: String) {
        router.query(EventLogMethods.listEvents(service), access: .anonymous, listEvents)
    }

    /// Service callers only. Services reach each other's queues with the platform's own broker credentials and call
    /// this without a token; the gateway relays people's calls with their access token and has no route to it. A
    /// call that carries a token is therefore a person's (or one made on a person's behalf), and the whole history of
    /// a service is not theirs to read.
    func listEvents(_ request: Metrology_Common_V1_ListEventsRequest, _ context: CallContext) async throws -> Metrology_Common_V1_ListEventsResponse {
        guard context.rpc.bearerToken == nil else {
            throw RPCError.permissionDenied("事件日志仅供平台内部服务读取", reason: "EVENT_LOG_SERVICE_ONLY")
        }
        guard (0...1000).contains(request.limit) else {
            throw RPCError.invalidArgument("每页条数必须在 1 到 1000 之间", reason: "PAGE_SIZE_INVALID", details: ["field": "limit"])
        }
        guard request.afterPosition >= 0 else {
            throw RPCError.invalidArgument("起始位置不能为负数", reason: "EVENT_LOG_POSITION_INVALID", details: ["field": "afterPosition"])
        }
        let events = try await OutboxEventLog(client: database, logger: context.logger)
            .events(after: request.afterPosition, limit: request.limit == 0 ? 500 : Int(request.limit))
        var response = Metrology_Common_V1_ListEventsResponse()
        response.events = events.map { event in
            var logged = Metrology_Common_V1_LoggedEvent()
            logged.position = event.position
            logged.envelope = event.envelope
            return logged
        }
        return response
    }
}
