import Contracts
import Foundation
import RPCCore
import Testing

@testable import ReportsService

@Suite struct EvaluationRulesTests {
    @Test("Drift ratio: the largest |error|/MPE over table cells, per-point MPE first, then the item's single value, then the constant")
    func ratio() throws {
        let data = DriftRatio.object(#"{"E[1,1]":0.12,"E[1,2]":-0.30,"E[2,1]":0.2,"MPE[2,1]":0.25,"MPE":0.5,"EX":9,"V":"合格"}"#)
        // E[2,1] against its own MPE 0.25 gives 0.8; E[1,2] against the single MPE 0.5 gives 0.6.
        #expect(abs(try #require(DriftRatio.ratio(data: data, errorItem: "E", mpeItem: "MPE", mpeValue: 0)) - 0.8) < 1e-12)
        #expect(abs(try #require(DriftRatio.ratio(data: data, errorItem: "E", mpeItem: "", mpeValue: 0.4)) - 0.75) < 1e-12)
        #expect(DriftRatio.ratio(data: data, errorItem: "E", mpeItem: "", mpeValue: 0) == nil)
        #expect(DriftRatio.ratio(data: data, errorItem: "V", mpeItem: "MPE", mpeValue: 0) == nil)
        #expect(DriftRatio.ratio(data: DriftRatio.object("not json"), errorItem: "E", mpeItem: "MPE", mpeValue: 1) == nil)
        #expect(DriftRatio.ratio(data: ["E": 1.0, "MPE": 0.0], errorItem: "E", mpeItem: "MPE", mpeValue: 0) == nil)
    }

    @Test("Quarter axis fills empty quarters between the first and the last")
    func quarters() {
        #expect(QuarterAxis.quarters(from: ["2026Q1", "2025Q3"]) == ["2025Q3", "2025Q4", "2026Q1"])
        #expect(QuarterAxis.quarters(from: []) == [])
        #expect(QuarterAxis.quarters(from: ["2026Q5", "x"]) == [])
    }

    @Test("Without records.query, groups from fewer than 3 customers are folded into 其他 and the note says why")
    func privacy() {
        let groups = [
            EvaluationStore.GroupCount(key: "甲", title: "甲", failures: 2, total: 100, customers: 12),
            EvaluationStore.GroupCount(key: "乙", title: "乙", failures: 5, total: 40, customers: 1),
            EvaluationStore.GroupCount(key: "丙", title: "丙", failures: 0, total: 3, customers: 3),
        ]
        let (hidden, note) = EvaluationHandlers.protect(groups, dimension: .model, seesCustomers: false, minimumGroup: 0)
        #expect(hidden.map(\.title) == ["甲", "丙", "其他（1 组）"])
        #expect(hidden.last?.total == 40 && note.contains("少于 3 家"))
        let (all, none) = EvaluationHandlers.protect(groups, dimension: .model, seesCustomers: true, minimumGroup: 10)
        #expect(all.map(\.key).prefix(2) == ["甲", "乙"] && all.count == 3 && none.contains("少于 10 条"))
    }

    @Test("Filters: dates, regions and uses are checked, with their codes")
    func filters() throws {
        var query = Metrology_Reports_V1_EvaluationQuery()
        query.fromDate = "2026-02-30"
        #expect(Self.reason { try EvaluationFilter(query, scope: .everything) } == "REPORTS_EVALUATION_DATE_INVALID")
        query.fromDate = "2026-02-28"
        query.regionPrefix = "42%"
        #expect(Self.reason { try EvaluationFilter(query, scope: .everything) } == "REPORTS_EVALUATION_REGION_INVALID")
        query.regionPrefix = "4205"
        query.use = "bogus"
        #expect(Self.reason { try EvaluationFilter(query, scope: .everything) } == "REPORTS_EVALUATION_USE_INVALID")
        query.use = "safety"
        query.toDate = "2026-12-31"
        let filter = try EvaluationFilter(query, scope: .everything)
        var sql = SQLText()
        filter.append(to: &sql, field: true)
        // Values are bound, never spliced.
        #expect(!sql.text.contains("4205") && !sql.text.contains("safety") && sql.text.contains("$4") && !sql.text.contains("$5"))
    }

    static func reason(_ body: () throws -> EvaluationFilter) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as RPCError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }
}
