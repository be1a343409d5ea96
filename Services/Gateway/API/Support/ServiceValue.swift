/// A string value a service owns, in a response: the document lists the values the service answers today (an enum
/// schema, which schemathesis checks every answer against), and a config's `typeOverrides` maps that schema to this
/// type so the gateway passes whatever the service says on as is. A generated enum instead would turn a value the
/// document does not list yet into a failed response for every client.
public struct ServiceValue: Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
