public import PostgresNIO

/// A WHERE clause built from the filters a list request actually sets, with its values bound as parameters (never
/// spliced into the text). One value serves a page query and its count, so the two cannot drift apart.
public struct SQLConditions: Sendable {
    private var conditions: [String] = []
    private var binds = PostgresBindings()

    public init() {}

    /// Binds a value and returns its placeholder (`$n`) to write into a condition.
    public mutating func bind<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a condition; every condition must hold. The text is the caller's own SQL, values go through `bind`.
    public mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// `prefix`, the conditions joined by AND (`true` when there are none), then `suffix`.
    public func query(_ prefix: String, then suffix: String = "") -> PostgresQuery {
        let clause = conditions.isEmpty ? "true" : conditions.map { "(\($0))" }.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: prefix + clause + suffix, binds: binds)
    }
}
