import PostgresNIO

/// A statement assembled from whitelisted SQL fragments (the field catalogue's columns, fixed operators) with every
/// value a person typed bound as a parameter: the text never contains a request's value.
struct SQLText {
    private(set) var text = ""
    private(set) var binds = PostgresBindings()

    /// Binds a value and returns its placeholder (`$n`).
    mutating func bind<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func append(_ fragment: String) {
        text += fragment
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}
