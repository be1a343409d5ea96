/// The built-in functions, with what an editor or the documentation shows about them. Names are case-insensitive.
public struct FormulaFunction: Hashable, Sendable {
    public let name: String
    public let aliases: [String]
    public let minimumArguments: Int
    /// nil: any number.
    public let maximumArguments: Int?
    public let signature: String
    /// Chinese, for the people who write formulas.
    public let summary: String
    public let example: String

    /// Every function of the language, in the order the documentation lists them.
    public static let all: [FormulaFunction] = [
        .init("IF", [], 3, 3, "IF(条件, 值1, 值2)", "条件为真取值1，否则取值2；只计算被选中的一支", "IF(n > 0, s / n, 0)"),
        .init("SUM", [], 1, nil, "SUM(x, …)", "求和；参数可以是数值或表格切片，空单元格忽略", "SUM(readings[1,*])"),
        .init("AVERAGE", ["AVG", "MEAN"], 1, nil, "AVERAGE(x, …)", "算术平均值；空单元格忽略", "AVERAGE(e_1_1, e_1_2, e_1_3)"),
        .init("MIN", [], 1, nil, "MIN(x, …)", "最小值", "MIN(readings[*,1])"),
        .init("MAX", [], 1, nil, "MAX(x, …)", "最大值", "MAX(readings[*,1])"),
        .init("COUNT", [], 1, nil, "COUNT(x, …)", "有值的数值个数（无单位）", "COUNT(readings[*,*])"),
        .init("STDEV", [], 1, nil, "STDEV(x, …)", "实验标准偏差（贝塞尔公式，除以 n−1），至少 2 个数值", "STDEV(readings[2,*])"),
        .init("ABS", [], 1, 1, "ABS(x)", "绝对值", "ABS(E)"),
        .init("SQRT", [], 1, 1, "SQRT(x)", "平方根（34 位有效数字）；负数报错", "SQRT(u1^2 + u2^2)"),
        .init("POWER", [], 2, 2, "POWER(x, n)", "x 的 n 次方，n 为整数（与 x^n 相同）", "POWER(d, 2)"),
        .init("ROUND", [], 2, 2, "ROUND(x, 修约间隔)", "按 GB/T 8170 修约到间隔（10 的整数次幂，或 0.5 单位、0.2 单位）；结果不得再次修约", "ROUND(E, 0.01)"),
        .init("ROUNDSIG", [], 2, 2, "ROUNDSIG(x, n)", "按 GB/T 8170 修约到 n 位有效数字；结果不得再次修约", "ROUNDSIG(R, 3)"),
        .init("WITHIN", [], 3, 5, "WITHIN(x, 下限, 上限[, 方法[, 修约间隔]])", "下限 ≤ x ≤ 上限（GB/T 8170 §4.3）", "WITHIN(t, 9.9, 10.1, \"rounded\", 0.1)"),
        .init("ABSWITHIN", [], 2, 4, "ABSWITHIN(x, 最大允许误差[, 方法[, 修约间隔]])", "|x| ≤ 最大允许误差", "ABSWITHIN(E, 0.30, \"rounded\", 0.01)"),
        .init("ATMOST", [], 2, 4, "ATMOST(x, 上限[, 方法[, 修约间隔]])", "x ≤ 上限（单侧上限）", "ATMOST(Er, 0.10, \"rounded\")"),
        .init("ATLEAST", [], 2, 4, "ATLEAST(x, 下限[, 方法[, 修约间隔]])", "x ≥ 下限（单侧下限）", "ATLEAST(purity, 97.0, \"full\")"),
        .init("ALL", [], 1, nil, "ALL(b, …)", "全部为真时为真（逻辑值或逻辑值列表）", "ALL(ok_1, ok_2, ok_3)"),
        .init("ANY", [], 1, nil, "ANY(b, …)", "任一为真时为真", "ANY(flag_1, flag_2)"),
        .init("CONCLUDE", [], 1, 3, "CONCLUDE(b[, 合格文字, 不合格文字])", "真 → \"合格\"，假 → \"不合格\"（可自定义文字）", "CONCLUDE(ALL(ok_1, ok_2, ok_3))"),
    ]

    init(_ name: String, _ aliases: [String], _ minimum: Int, _ maximum: Int?, _ signature: String, _ summary: String, _ example: String) {
        self.name = name
        self.aliases = aliases
        self.minimumArguments = minimum
        self.maximumArguments = maximum
        self.signature = signature
        self.summary = summary
        self.example = example
    }

    private static let byName: [String: FormulaFunction] = {
        var map: [String: FormulaFunction] = [:]
        for function in all {
            map[function.name] = function
            for alias in function.aliases { map[alias] = function }
        }
        return map
    }()

    /// Looks a function up by any of its names, in any case.
    public static func named(_ name: String) -> FormulaFunction? { byName[name.uppercased()] }

    static var allNames: [String] { all.flatMap { [$0.name] + $0.aliases } }
}

/// "Did you mean …?" for unknown names: the closest candidate by edit distance, if it is close enough to help.
enum NameSuggestion {
    static func closest(to name: String, among candidates: [String], caseInsensitive: Bool = false) -> String? {
        let target = Array(caseInsensitive ? name.uppercased() : name)
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(target, Array(caseInsensitive ? candidate.uppercased() : candidate))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(1, min(3, target.count / 3)) else { return nil }
        return best.name
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
