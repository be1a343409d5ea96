import CertificatesAPI
import Contracts

/// `/v1/public/certificates/check`: the authenticity check the certificate's QR code opens (through the `/check`
/// page), with no token: `RequestScopeMiddleware` lists the path as public and the rate limit covers it like login,
/// since the check code is what stands between a guesser and a certificate's details. An unknown number is the
/// service's 200 with status unknown, passed on as is.
extension CertificatesRoutes {
    static let publicCheckPath = "/v1/public/certificates/check"
    /// The customer's e-certificate download (Preview.swift), public and limited like the check.
    static let publicDownloadPath = "/v1/public/certificates/pdf"

    func checkAuthenticity(_ input: Operations.CheckAuthenticity.Input) async throws -> Operations.CheckAuthenticity.Output {
        var message = Metrology_Certificates_V1_CheckAuthenticityRequest()
        message.number = input.query.number
        message.checkCode = input.query.code
        return .ok(.init(body: .json(.init(try await call(CertificatesMethods.checkAuthenticity, message)))))
    }
}
