import Contracts

@testable import RecordsService

/// A small published procedure for entry's unit tests: an optional text, a required number with bounds and a
/// resolution, a required 2 × 2 table, an optional choice, a required date, and formulas over them.
enum EntryTestProcedure {
    static func item(
        _ code: String, _ title: String, kind: String, unit: String = "", required: Bool = false, formula: String = "", points: Int32 = 0,
        runs: Int32 = 0
    ) -> Metrology_Flows_V1_DataItem {
        var item = Metrology_Flows_V1_DataItem()
        item.code = code
        item.title = title
        item.kind = kind
        item.unit = unit
        item.required = required
        item.formula = formula
        item.points = points
        item.runs = runs
        return item
    }

    static var items: [Metrology_Flows_V1_DataItem] {
        var reading = item("reading", "加油机示值", kind: "number", unit: "L", required: true)
        reading.min = "0"
        reading.max = "100"
        reading.resolution = "0.01"
        var errors = item("errors", "示值误差读数", kind: "table", unit: "%", required: true, points: 2, runs: 2)
        errors.pointLabels = ["大流量", "小流量"]
        var method = item("method", "检定方法", kind: "choice")
        method.choices = ["容量比较法", "质量法"]
        return [
            item("note", "备注", kind: "text"),
            reading,
            errors,
            item("photo", "现场照片", kind: "photo"),
            method,
            item("tested_on", "检定日期", kind: "date", required: true),
            item("mean1", "流量点 1 平均误差", kind: "computed", unit: "%", formula: "ROUND(AVERAGE(errors[1,*]), 0.01)"),
            item("ok1", "流量点 1 判定", kind: "judgement", formula: "ABSWITHIN(mean1, 0.3, \"full\", 0.01)"),
            item("double", "两倍示值", kind: "computed", unit: "L", formula: "reading * 2"),
            item("conclusion", "检定结论", kind: "conclusion", formula: "IF(ok1, \"合格\", \"不合格\")"),
        ]
    }

    static func pinned() throws -> PinnedProcedure {
        var version = Metrology_Flows_V1_ProcedureVersion()
        version.itemID = "item-1"
        version.typeCode = "verification:subsequent"
        version.version = 1
        version.items = items
        return try PinnedProcedure(version)
    }
}
