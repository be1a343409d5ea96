/// WhoAmI of the services whose domain RPCs come with later issues; each checks the caller's token itself.
public enum WhoAmIMethods {
    public static let devices = RPCMethod<Metrology_Devices_V1_WhoAmIRequest, Metrology_Devices_V1_WhoAmIResponse>(
        service: "devices", fullName: "/metrology.devices.v1.DevicesService/WhoAmI")
    public static let flows = RPCMethod<Metrology_Flows_V1_WhoAmIRequest, Metrology_Flows_V1_WhoAmIResponse>(
        service: "flows", fullName: "/metrology.flows.v1.FlowsService/WhoAmI")
    public static let records = RPCMethod<Metrology_Records_V1_WhoAmIRequest, Metrology_Records_V1_WhoAmIResponse>(
        service: "records", fullName: "/metrology.records.v1.RecordsService/WhoAmI")
    public static let certificates = RPCMethod<Metrology_Certificates_V1_WhoAmIRequest, Metrology_Certificates_V1_WhoAmIResponse>(
        service: "certificates", fullName: "/metrology.certificates.v1.CertificatesService/WhoAmI")
    public static let reports = RPCMethod<Metrology_Reports_V1_WhoAmIRequest, Metrology_Reports_V1_WhoAmIResponse>(
        service: "reports", fullName: "/metrology.reports.v1.ReportsService/WhoAmI")
}
