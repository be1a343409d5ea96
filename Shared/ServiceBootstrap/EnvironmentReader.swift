public import Foundation

/// Reads configuration from environment variables; every variable has a documented default (README, "Configuration"),
/// except secrets, which are required.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    public func string(_ name: String, default fallback: String) -> String {
        guard let value = values[name], !value.isEmpty else { return fallback }
        return value
    }

    public func optional(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func int(_ name: String, default fallback: Int) throws -> Int {
        guard let raw = optional(name) else { return fallback }
        guard let value = Int(raw) else { throw ConfigurationError("\(name) must be a whole number, got \"\(raw)\"") }
        return value
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    /// EX_CONFIG from sysexits.h: what an executable exits with when its configuration is wrong.
    public static let exitCode: Int32 = 78
    public let description: String
    public init(_ description: String) { self.description = description }
}
