/// The events certificates publishes. A certificate's events carry the certificate with the record and customer it
/// certifies, so reports never reads the certificates schema.
public enum CertificatesEvents {
    static func event<Payload>(_ entity: String, _ event: String) -> EventType<Payload> {
        EventType(producer: "certificates", entity: entity, event: event)
    }

    /// Sealed and stored: the certificate (or result notice) exists from here on.
    public static let certificateIssued: EventType<Metrology_Certificates_V1_CertificateChanged> = event("certificate", "issued")
    /// 作废: the voided copy is stored; the original stays.
    public static let certificateVoided: EventType<Metrology_Certificates_V1_CertificateChanged> = event("certificate", "voided")
    /// The approver returned the record: records sends the task back to data entry.
    public static let approvalReturned: EventType<Metrology_Certificates_V1_ApprovalReturned> = event("approval", "returned")

    public static let all: [any EventDeclaration] = [certificateIssued, certificateVoided, approvalReturned]
}
