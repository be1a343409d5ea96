import Foundation

/// What failure rates are grouped by (seed 001: kind, manufacturer, model, year of manufacture, region, use), each a
/// fixed SQL expression over `results`: the request picks one by name, it never supplies SQL.
enum EvaluationDimension: String, CaseIterable, Sendable {
    case item, manufacturer, model
    case manufactureYear = "manufacture_year"
    case region, use, customer

    /// The group's key.
    var keySQL: String {
        switch self {
        case .item: "item_id"
        case .manufacturer: "instrument_manufacturer"
        case .model: "instrument_manufacturer || ' / ' || instrument_model"
        case .manufactureYear: "coalesce(extract(year FROM instrument_manufacture_date)::int::text, '')"
        case .region: "customer_region_code"
        case .use: "instrument_use"
        case .customer: "customer_id"
        }
    }

    /// The group's title, aggregated with max() over the group.
    var titleSQL: String {
        switch self {
        case .item: "item_name"
        case .manufacturer: "instrument_manufacturer"
        case .model: "instrument_manufacturer || ' ' || instrument_model"
        case .manufactureYear: "coalesce(extract(year FROM instrument_manufacture_date)::int::text || '年', '')"
        case .region: "customer_region_name || ' ' || customer_region_code"
        case .use: "instrument_use"
        case .customer: "customer_name"
        }
    }

    var title: String {
        switch self {
        case .item: "检定项目（器具种类）"
        case .manufacturer: "制造单位"
        case .model: "型号"
        case .manufactureYear: "出厂年份"
        case .region: "地区"
        case .use: "强检用途"
        case .customer: "委托方"
        }
    }

    static let useTitles = ["trade": "贸易结算", "safety": "安全防护", "medical": "医疗卫生", "environment": "环境监测"]

    /// A readable title for a group whose SQL title is empty or a code.
    func displayTitle(key: String, title: String) -> String {
        if self == .use { return Self.useTitles[key] ?? (key.isEmpty ? "非强检" : key) }
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "/" ? "（未填写）" : trimmed
    }
}
