/// Orders formulas so every formula runs after the ones it refers to, and finds reference cycles.
struct DependencyGraph {
    /// For each formula: the formulas it refers to, with the place of the first reference to each.
    var edges: [String: [(target: String, range: SourceRange)]] = [:]

    struct Cycle {
        /// a → b → … → a (first element repeated at the end).
        let path: [String]
        /// Where `path[0]` refers to `path[1]`.
        let range: SourceRange
    }

    /// Depth-first post-order over `nodes` (in their given order, so results are stable), plus every cycle found
    /// once. Nodes on a cycle are left out of the order.
    func order(_ nodes: [String]) -> (order: [String], cycles: [Cycle]) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var cycles: [Cycle] = []
        var onCycle: Set<String> = []
        var stack: [String] = []

        func visit(_ node: String) {
            marks[node] = .visiting
            stack.append(node)
            for edge in edges[node] ?? [] {
                switch marks[edge.target] {
                case .visiting?:
                    let start = stack.lastIndex(of: edge.target)!
                    let members = Array(stack[start...])
                    if members.allSatisfy({ !onCycle.contains($0) }) {
                        let first = members[0]
                        let second = members.count > 1 ? members[1] : first
                        let range = edges[first]!.first { $0.target == second }!.range
                        cycles.append(Cycle(path: members + [first], range: range))
                    }
                    onCycle.formUnion(members)
                case .done?:
                    break
                case nil:
                    visit(edge.target)
                }
            }
            stack.removeLast()
            marks[node] = .done
            order.append(node)
        }
        for node in nodes where marks[node] == nil { visit(node) }
        return (order.filter { !onCycle.contains($0) }, cycles)
    }
}
