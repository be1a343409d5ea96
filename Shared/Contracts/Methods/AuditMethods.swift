/// Every service answers Audit/List and Audit/Verify for its own trail on its own queue; `service` picks the queue.
public enum AuditMethods {
    public static func list(_ service: String) -> RPCMethod<Metrology_Common_V1_ListAuditRequest, Metrology_Common_V1_ListAuditResponse> {
        .init(service: service, fullName: "/metrology.common.v1.Audit/List")
    }

    public static func verify(_ service: String) -> RPCMethod<Metrology_Common_V1_VerifyAuditRequest, Metrology_Common_V1_VerifyAuditResponse> {
        .init(service: service, fullName: "/metrology.common.v1.Audit/Verify")
    }
}
