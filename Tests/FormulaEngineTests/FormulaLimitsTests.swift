import Testing

@testable import FormulaEngine

/// Hostile formulas: each would have recursed once per level (parser, lowerer, compiled closures, releasing the
/// tree), and 5,000 nested parentheses overflowed the stack of the flows service. They must be refused with a
/// stable code instead.
@Suite("Formula limits: length and depth are bounded before any recursion")
struct FormulaLimitsTests {
    static func nested(_ levels: Int, open: String = "(", close: String = ")", inner: String = "1") -> String {
        String(repeating: open, count: levels) + inner + String(repeating: close, count: levels)
    }

    @Test func hundredThousandNestedParenthesesAreTooLong() {
        #expect(compileError(Self.nested(100_000))?.code == .tooLong)
        #expect(throws: FormulaError.self) { try FormulaLimits.check(Self.nested(100_000)) }
    }

    @Test(
        "100k levels of every nesting form are refused as too deep, without the length cap",
        arguments: [
            ("(", ")"), ("ABS(", ")"), ("-", ""), ("+", ""), ("NOT ", ""), ("2^", ""),
        ])
    func hundredThousandLevelsAreTooDeep(open: String, close: String) {
        let source = Self.nested(100_000, open: open, close: close)
        #expect(throws: FormulaError.self) { try Parser.parse(source, maxLength: .max) }
        do {
            _ = try Parser.parse(source, maxLength: .max)
        } catch {
            #expect(error.code == .tooDeep)
            #expect(error.range != nil)  // the editor can point at where it got too deep
        }
    }

    @Test func nestingUpToTheBoundCompiles() throws {
        #expect(try value(Self.nested(FormulaLimits.maxNesting)) == .number(d("1")))
        #expect(compileError(Self.nested(FormulaLimits.maxNesting + 1))?.code == .tooDeep)
        #expect(compileError(Self.nested(FormulaLimits.maxNesting + 1, open: "ABS(", close: ")"))?.code == .tooDeep)
    }

    @Test func aLongChainOfOperatorsIsBoundedToo() throws {
        // n terms make a tree n levels high, without a single bracket.
        let allowed = Array(repeating: "1", count: FormulaLimits.maxDepth).joined(separator: "+")
        #expect(try value(allowed) == .number(ExactDecimal(FormulaLimits.maxDepth)))
        let tooMany = allowed + "+1"
        #expect(compileError(tooMany)?.code == .tooDeep)
        #expect(compileError(tooMany)?.formula == "f")
    }

    @Test func lengthIsCountedInUTF16UnitsAtTheBound() throws {
        let atBound = "1" + String(repeating: " ", count: FormulaLimits.maxLength - 1)
        #expect(try value(atBound) == .number(d("1")))
        let error = compileError(atBound + " ")
        #expect(error?.code == .tooLong)
        #expect(error?.message == "公式过长：共 2001 个字符，最多 2000 个")
    }

    @Test func checkReportsOnlyTheBounds() throws {
        try FormulaLimits.check("unknown_name + ")  // other errors are for the formula check, not this one
        #expect(throws: FormulaError.self) { try FormulaLimits.check(Self.nested(70)) }
    }

    @Test func aHundredThousandFormulasInOneChainAreOrderedWithoutRecursion() {
        var graph = DependencyGraph()
        let range = SourceRange(offset: 0, length: 1, line: 1, column: 1)
        let nodes = (0..<100_000).map { "f\($0)" }
        for index in 1..<nodes.count { graph.edges[nodes[index]] = [(nodes[index - 1], range)] }
        graph.edges[nodes[0]] = [(nodes[nodes.count - 1], range)]  // and one cycle through all of them
        let (order, cycles) = graph.order(nodes.reversed())
        #expect(order.isEmpty)
        #expect(cycles.count == 1)
        #expect(cycles.first?.path.count == nodes.count + 1)

        graph.edges[nodes[0]] = []
        #expect(graph.order(nodes.reversed()).order == nodes)
    }
}
