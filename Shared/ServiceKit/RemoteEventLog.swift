import Contracts
public import Messaging
import Persistence

/// Another service's retained event log, read over its EventLog/ListEvents RPC: what a read model in one service is
/// rebuilt from when its events come from another (`ReadModelProjector.rebuild(from:)`).
public struct RemoteEventLog: EventLog {
    let client: RPCClient
    let service: String

    /// - Parameter service: the producer, e.g. "devices".
    public init(client: RPCClient, service: String) {
        self.client = client
        self.service = service
    }

    public func events(after position: Int64, limit: Int) async throws -> [LoggedEvent] {
        var request = Metrology_Common_V1_ListEventsRequest()
        request.afterPosition = position
        request.limit = Int32(min(limit, 1000))
        // No access token: the log answers service callers only.
        let response = try await client.call(EventLogMethods.listEvents(service), request, options: .init(timeout: .seconds(10)))
        return response.events.map { LoggedEvent(position: $0.position, envelope: $0.envelope) }
    }
}
