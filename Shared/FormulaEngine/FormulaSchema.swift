/// The data items of one record layout (§4.2.3.4, §4.3.5.5): what formulas may refer to and what they compute.
///
/// Items keep the order they were added in, which is the order of the test procedure (§4.3.5.7); errors and
/// results follow it.
public struct FormulaSchema: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        /// A number entered or received; `unit` like "L", "L/min", "%", or nil for a pure number.
        case number(unit: String? = nil)
        case text
        case boolean
        /// A reading table: `points` measuring points × `runs` repetitions, all in `unit`.
        case table(points: Int, runs: Int, unit: String? = nil)
        /// Computed by a formula. A declared unit is checked against the formula's; nil means "whatever it gives".
        case computed(unit: String? = nil)
    }

    public struct Item: Hashable, Sendable, Codable {
        /// What formulas write: `flow_rate`, or `[出厂编号]` for a code that is not a plain identifier.
        public var code: String
        /// Display name, e.g. "出厂编号"; formulas may also use it in brackets.
        public var name: String?
        public var kind: Kind

        public init(_ code: String, _ kind: Kind, name: String? = nil) {
            self.code = code
            self.kind = kind
            self.name = name
        }
    }

    public private(set) var items: [Item]

    public init(_ items: [Item] = []) {
        self.items = []
        for item in items { add(item) }
    }

    /// Adds an item, replacing one with the same code.
    public mutating func add(_ item: Item) {
        if let index = items.firstIndex(where: { $0.code == item.code }) {
            items[index] = item
        } else {
            items.append(item)
        }
    }

    public mutating func add(_ code: String, _ kind: Kind, name: String? = nil) {
        add(Item(code, kind, name: name))
    }

    public func item(_ code: String) -> Item? { items.first { $0.code == code } }
}
