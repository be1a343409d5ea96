/// Every service answers EventLog/ListEvents for its own retained event log on its own queue; `service` picks the queue.
public enum EventLogMethods {
    public static func listEvents(_ service: String) -> RPCMethod<Metrology_Common_V1_ListEventsRequest, Metrology_Common_V1_ListEventsResponse> {
        .init(service: service, fullName: "/metrology.common.v1.EventLog/ListEvents")
    }
}
