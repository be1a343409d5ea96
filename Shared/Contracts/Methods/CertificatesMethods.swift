/// The certificates service's RPCs (certificates.proto); WhoAmI is in WhoAmIMethods.
public enum CertificatesMethods {
    static let prefix = "/metrology.certificates.v1.CertificatesService/"

    static func method<Request, Response>(_ name: String) -> RPCMethod<Request, Response> {
        RPCMethod(service: "certificates", fullName: prefix + name)
    }

    public static let listApprovals: RPCMethod<Metrology_Certificates_V1_ListApprovalsRequest, Metrology_Certificates_V1_ListApprovalsResponse> =
        method("ListApprovals")
    public static let getApproval: RPCMethod<Metrology_Certificates_V1_GetApprovalRequest, Metrology_Certificates_V1_Approval> = method("GetApproval")
    public static let prepareApproval: RPCMethod<Metrology_Certificates_V1_PrepareApprovalRequest, Metrology_Certificates_V1_ApprovalSubmission> =
        method("PrepareApproval")
    public static let approveTask: RPCMethod<Metrology_Certificates_V1_ApproveTaskRequest, Metrology_Certificates_V1_Certificate> =
        method("ApproveTask")
    public static let returnTask: RPCMethod<Metrology_Certificates_V1_ReturnTaskRequest, Metrology_Certificates_V1_Approval> = method("ReturnTask")
    public static let previewDocument:
        RPCMethod<Metrology_Certificates_V1_PreviewDocumentRequest, Metrology_Certificates_V1_PreviewDocumentResponse> = method("PreviewDocument")
    public static let listCertificates:
        RPCMethod<Metrology_Certificates_V1_ListCertificatesRequest, Metrology_Certificates_V1_ListCertificatesResponse> = method("ListCertificates")
    public static let getCertificate: RPCMethod<Metrology_Certificates_V1_GetCertificateRequest, Metrology_Certificates_V1_Certificate> =
        method("GetCertificate")
    public static let voidCertificate: RPCMethod<Metrology_Certificates_V1_VoidCertificateRequest, Metrology_Certificates_V1_Certificate> =
        method("VoidCertificate")
    public static let reissueCertificate: RPCMethod<Metrology_Certificates_V1_ReissueCertificateRequest, Metrology_Certificates_V1_Certificate> =
        method("ReissueCertificate")
    public static let readFile: RPCMethod<Metrology_Certificates_V1_ReadFileRequest, Metrology_Certificates_V1_FileChunk> = method("ReadFile")
    public static let checkAuthenticity: RPCMethod<Metrology_Certificates_V1_CheckAuthenticityRequest, Metrology_Certificates_V1_Authenticity> =
        method("CheckAuthenticity")
    public static let readPublicCertificate: RPCMethod<Metrology_Certificates_V1_ReadPublicCertificateRequest, Metrology_Certificates_V1_FileChunk> =
        method("ReadPublicCertificate")
    public static let getSeal: RPCMethod<Metrology_Certificates_V1_GetSealRequest, Metrology_Certificates_V1_Seal> = method("GetSeal")
    public static let importSeal: RPCMethod<Metrology_Certificates_V1_ImportSealRequest, Metrology_Certificates_V1_Seal> = method("ImportSeal")
}
