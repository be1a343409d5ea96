import CertificatesAPI
import Contracts

/// `/v1/seal`: the electronic seal the certificates are signed with (subject, validity, fingerprint, whether it was
/// generated at first start or imported), and the import of the institution's own certificate and key (setup.manage).
/// The private key goes to the service and is never answered back.
extension CertificatesRoutes {
    func getSeal(_ input: Operations.GetSeal.Input) async throws -> Operations.GetSeal.Output {
        .ok(.init(body: .json(.init(try await call(CertificatesMethods.getSeal, Metrology_Certificates_V1_GetSealRequest())))))
    }

    func importSeal(_ input: Operations.ImportSeal.Input) async throws -> Operations.ImportSeal.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Certificates_V1_ImportSealRequest()
        message.certificatePem = body.certificatePem
        message.privateKeyPem = body.privateKeyPem
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.importSeal, message)))))
    }
}
