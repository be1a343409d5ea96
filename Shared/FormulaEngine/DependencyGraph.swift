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
    ///
    /// Iterative, with its own stack: a chain of formulas each referring to the previous one is as long as the
    /// procedure (or a "try it" request) makes it, so recursing once per formula would let input overflow the stack.
    func order(_ nodes: [String]) -> (order: [String], cycles: [Cycle]) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var cycles: [Cycle] = []
        var onCycle: Set<String> = []
        /// The path being explored, each node with the index of its next edge to follow.
        var stack: [(node: String, next: Int)] = []

        for root in nodes where marks[root] == nil {
            marks[root] = .visiting
            stack.append((root, 0))
            while let top = stack.last {
                let outgoing = edges[top.node] ?? []
                guard top.next < outgoing.count else {
                    stack.removeLast()
                    marks[top.node] = .done
                    order.append(top.node)
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = outgoing[top.next].target
                switch marks[target] {
                case .visiting?:
                    let start = stack.lastIndex { $0.node == target }!
                    let members = stack[start...].map(\.node)
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
                    marks[target] = .visiting
                    stack.append((target, 0))
                }
            }
        }
        return (order.filter { !onCycle.contains($0) }, cycles)
    }
}
