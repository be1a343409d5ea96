import Auth

/// Which rows of `results` a caller may read (issue 19). Holding 报表查询 or 报表导出 is not enough for a government
/// supervisor (政府监督员, seed 000 §4.2.2.3 f): the role oversees mandatory verification (强检, seed 002) in one
/// jurisdiction, so it reads only results of instruments under mandatory verification whose customer's GB/T 2260
/// region code starts with the supervisor's 监管区域 — nothing of other regions, not even a customer's name in a
/// field's option list. Every statement reports runs over `results` for a caller (statistics pages and counts, option
/// lists, exports, evaluations) takes its condition from here, so that a new query cannot forget the restriction
/// without visibly leaving this helper out. The feed is not read by people and has its own consumer scope.
enum ReaderScope: Sendable, Equatable {
    /// No restriction: everyone who is not a supervisor.
    case everything
    /// A supervisor: mandatory-verification results of customers whose region code starts with `region`.
    case supervised(region: String)
    /// A supervisor token without a valid region (identity refuses such a user, so only an old or odd token): nothing.
    case nothing

    init(_ caller: Principal) {
        guard caller.isSupervisor else {
            self = .everything
            return
        }
        // Checked again here although identity validates it: a malformed prefix must not widen the scope.
        guard let region = caller.supervisionRegion, [2, 4, 6].contains(region.utf8.count),
            region.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else {
            self = .nothing
            return
        }
        self = .supervised(region: region)
    }

    /// A boolean SQL condition over `results` (unqualified column names), the region bound as a parameter.
    func condition(_ sql: inout SQLText) -> String {
        switch self {
        case .everything: "true"
        case .nothing: "false"
        case .supervised(let region): "(instrument_mandatory AND starts_with(customer_region_code, \(sql.bind(region))))"
        }
    }
}
