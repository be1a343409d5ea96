public import Crypto
public import DocumentConversion
import Foundation
import ServiceBootstrap
import ServiceKit

/// What issuing certificates needs beyond every service's settings.
public struct IssueSettings: Sendable {
    /// METROLOGY_INSTITUTION_NAME: the lab's name, in the generated seal certificate and around the seal image.
    public var institution: String
    /// METROLOGY_PUBLIC_CHECK_URL: where the QR code points (the gateway's public authenticity page); the number and
    /// the check code are appended as query parameters.
    public var publicCheckURL: String
    /// METROLOGY_CONVERTER_URLS and friends (see ConverterPoolConfiguration).
    public var converters: ConverterPoolConfiguration
    /// METROLOGY_CERTIFICATES_DATA_KEY (required): base64 of 32 random bytes; seals the seal's private key at rest.
    /// Losing it loses the key (an operator then imports the seal again); back it up with the database.
    public var dataKey: SymmetricKey

    /// Tests that never start the service may leave `dataKey` to a random one.
    public init(
        institution: String, publicCheckURL: String, converters: ConverterPoolConfiguration, dataKey: SymmetricKey = SymmetricKey(size: .bits256)
    ) {
        self.institution = institution
        self.publicCheckURL = publicCheckURL
        self.converters = converters
        self.dataKey = dataKey
    }

    public static func fromEnvironment() throws -> IssueSettings {
        let environment = ProcessInfo.processInfo.environment
        return IssueSettings(
            institution: environment["METROLOGY_INSTITUTION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "示例市计量检定测试所",
            publicCheckURL: environment["METROLOGY_PUBLIC_CHECK_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://localhost:8080/check",
            converters: try ConverterPoolConfiguration(environment: environment),
            dataKey: try DataKeyCipher.dataKey(service: "certificates"))
    }

    /// The QR code's text: the public check with this certificate's signed check parameters (`CheckToken`).
    func checkURL(_ items: [URLQueryItem]) -> String {
        var components = URLComponents(string: publicCheckURL) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []) + items
        return components.string ?? publicCheckURL
    }
}
