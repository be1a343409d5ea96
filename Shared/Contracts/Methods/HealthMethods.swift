/// Every service answers Health/Check on its own queue; `service` picks the queue.
public enum HealthMethods {
    public static func check(_ service: String) -> RPCMethod<Metrology_Common_V1_HealthCheckRequest, Metrology_Common_V1_HealthCheckResponse> {
        .init(service: service, fullName: "/metrology.common.v1.Health/Check")
    }
}
