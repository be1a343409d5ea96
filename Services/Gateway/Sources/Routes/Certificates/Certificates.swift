import CertificatesAPI
import Contracts

/// `/v1/certificates*`: the issued certificates (and result notices) queried by text, item, type, state, kind and
/// issue day, one certificate, and its void (作废) with a reason, which makes a watermarked copy and keeps the original.
extension CertificatesRoutes {
    func listCertificates(_ input: Operations.ListCertificates.Input) async throws -> Operations.ListCertificates.Output {
        let query = input.query
        var message = Metrology_Certificates_V1_ListCertificatesRequest()
        message.text = query.text ?? ""
        message.itemID = query.itemId ?? ""
        message.typeCode = query.typeCode ?? ""
        message.state = query.state ?? ""
        message.kind = query.kind ?? ""
        message.issuedFrom = query.issuedFrom ?? ""
        message.issuedTo = query.issuedTo ?? ""
        message.conclusion = query.conclusion ?? ""
        message.sort = query.sort ?? ""
        message.ascending = query.ascending ?? false
        message.descending = query.descending ?? false
        message.pageSize = query.pageSize ?? 0
        message.cursor = query.cursor ?? ""
        let response = try await call(CertificatesMethods.listCertificates, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        certificates: response.certificates.map(Components.Schemas.Certificate.init), total: response.total,
                        nextCursor: response.nextCursor))))
    }

    func getCertificate(_ input: Operations.GetCertificate.Input) async throws -> Operations.GetCertificate.Output {
        var message = Metrology_Certificates_V1_GetCertificateRequest()
        message.id = input.path.id
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.getCertificate, message)))))
    }

    func voidCertificate(_ input: Operations.VoidCertificate.Input) async throws -> Operations.VoidCertificate.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Certificates_V1_VoidCertificateRequest()
        message.id = input.path.id
        message.reason = body.reason
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.voidCertificate, message)))))
    }
}
