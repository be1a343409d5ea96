import Foundation
import Messaging
import RPCCore
import ServiceKit

/// Checks of a ledger line, shared by the form (CreateInstrument, UpdateInstrument) and the .xlsx import, which
/// collects the same refusals per cell instead of stopping at the first. Each is INVALID_ARGUMENT with a RECORDS_
/// reason, a Chinese message and `details["field"]`.
enum InstrumentValidation {
    static let statuses = ["in_use", "stopped", "scrapped"]
    static let statusTitles = ["in_use": "在用", "stopped": "停用", "scrapped": "报废"]
    static let uses = ["trade", "safety", "medical", "environment"]
    static let useTitles = ["trade": "贸易结算", "safety": "安全防护", "medical": "医疗卫生", "environment": "环境监测"]
    static let cycleRange = 1...120

    /// The text fields: camelCase name, Chinese title (also the import's column title), maximum length.
    static let textFields: [(field: String, title: String, max: Int)] = [
        ("name", "器具名称", 100), ("model", "型号规格", 100), ("serialNumber", "出厂编号", 64), ("manufacturer", "制造单位", 100),
        ("accuracyClass", "准确度等级", 50), ("measuringRange", "测量范围", 100), ("placeOfUse", "使用地点", 100),
    ]

    static func title(of field: String) -> String {
        textFields.first { $0.field == field }?.title ?? field
    }

    static func text(_ value: String, field: String) throws -> String {
        let spec = textFields.first { $0.field == field } ?? (field, field, 100)
        return try CustomerValidation.text(value, field: field, title: spec.title, required: field == "name", max: spec.max)
    }

    /// "" or a real day no later than `today` (China Standard Time): RECORDS_DATE_INVALID, RECORDS_DATE_IN_FUTURE.
    static func manufactureDate(_ value: String, today: CalendarDay = .today) throws -> String {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return "" }
        guard let day = CalendarDay(text) else {
            throw CustomerValidation.invalid("manufactureDate", "出厂日期“\(text.prefix(32))”格式应为 YYYY-MM-DD", "RECORDS_DATE_INVALID")
        }
        return try notFuture(day, today: today)
    }

    static func notFuture(_ day: CalendarDay, today: CalendarDay) throws -> String {
        guard day <= today else {
            throw CustomerValidation.invalid("manufactureDate", "出厂日期 \(day) 不能晚于今天", "RECORDS_DATE_IN_FUTURE")
        }
        return day.description
    }

    /// The use of a mandatory instrument: required for one (RECORDS_MANDATORY_USE_REQUIRED), one of the four
    /// (RECORDS_MANDATORY_USE_INVALID), and none for an instrument not under mandatory verification.
    static func mandatoryUse(_ value: String, mandatory: Bool) throws -> String {
        let use = value.trimmingCharacters(in: .whitespaces)
        if !use.isEmpty, !uses.contains(use) {
            throw CustomerValidation.invalid(
                "mandatoryUse", "强检用途必须是 trade（贸易结算）、safety（安全防护）、medical（医疗卫生）或 environment（环境监测）",
                "RECORDS_MANDATORY_USE_INVALID")
        }
        if mandatory, use.isEmpty {
            throw CustomerValidation.invalid(
                "mandatoryUse", "强制检定的器具须注明强检用途（贸易结算、安全防护、医疗卫生或环境监测）", "RECORDS_MANDATORY_USE_REQUIRED")
        }
        if !mandatory, !use.isEmpty {
            throw CustomerValidation.invalid("mandatoryUse", "非强制检定的器具不填写强检用途", "RECORDS_MANDATORY_USE_INVALID")
        }
        return use
    }

    /// 检定周期 in months, 1 to 120: RECORDS_CYCLE_INVALID.
    static func cycle(_ months: Int) throws -> Int {
        guard cycleRange.contains(months) else {
            throw CustomerValidation.invalid("cycleMonths", "检定周期须在 1 到 120 个月之间", "RECORDS_CYCLE_INVALID")
        }
        return months
    }

    static func status(_ value: String, field: String = "status") throws -> String {
        guard statuses.contains(value) else {
            throw CustomerValidation.invalid(field, "状态必须是 in_use（在用）、stopped（停用）或 scrapped（报废）", "RECORDS_INSTRUMENT_STATUS_INVALID")
        }
        return value
    }

    /// "" or the id (a UUID) of a flows test item: RECORDS_ITEM_ID_INVALID.
    static func itemID(_ value: String) throws -> String {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return "" }
        guard let id = UUID(uuidString: text) else {
            throw CustomerValidation.invalid("itemId", "检定项目编号“\(text.prefix(64))”格式不正确", "RECORDS_ITEM_ID_INVALID")
        }
        return id.uuidString.lowercased()
    }

    static func instrumentID(_ text: String, field: String = "instrumentId") throws -> UUID {
        guard !text.isEmpty else { throw CustomerValidation.invalid(field, "请指定计量器具", "RECORDS_INSTRUMENT_ID_INVALID") }
        guard let id = UUID(uuidString: text) else {
            throw CustomerValidation.invalid(field, "计量器具编号“\(text.prefix(64))”格式不正确", "RECORDS_INSTRUMENT_ID_INVALID")
        }
        return id
    }

    /// A YYYY-MM-DD filter of a list.
    static func day(_ value: String, field: String, title: String) throws -> CalendarDay? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDay(text) else {
            throw CustomerValidation.invalid(field, "\(title)“\(text.prefix(32))”格式应为 YYYY-MM-DD", "RECORDS_DATE_INVALID")
        }
        return day
    }

    static let notFound = RPCError.notFound("计量器具不存在", reason: "RECORDS_INSTRUMENT_NOT_FOUND")
    static let scrapped = RPCError.failedPrecondition("该计量器具已报废，不能再修改", reason: "RECORDS_INSTRUMENT_SCRAPPED")

    static func duplicate(_ key: InstrumentKey) -> RPCError {
        RPCError(
            code: .alreadyExists,
            message: "该委托单位的台账中已有同名称、型号规格和出厂编号的器具：\(key.name) \(key.model) \(key.serialNumber)".trimmingCharacters(in: .whitespaces),
            reason: "RECORDS_INSTRUMENT_DUPLICATE", details: ["field": "serialNumber"])
    }
}
