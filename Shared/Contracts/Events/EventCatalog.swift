/// Every event the platform publishes, gathered from the producers' catalogs; the catalog test checks that their
/// names are unique and well formed.
public enum EventCatalog {
    public static let all: [any EventDeclaration] =
        IdentityEvents.all + DevicesEvents.all + FlowsEvents.all + RecordsEvents.all + CertificatesEvents.all
        + EchoEvents.all

    /// The declaration of `routingKey`, or nil for an event nobody declared.
    public static func declaration(of routingKey: String) -> (any EventDeclaration)? {
        all.first { $0.routingKey == routingKey }
    }
}
