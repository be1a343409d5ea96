import Contracts
import Foundation
import Messaging
import RPCCore
import ServiceKit

/// Checks of the standards forms: each failure is INVALID_ARGUMENT with a stable reason, a Chinese message and the
/// (camelCase) field it concerns; nested fields are named by path, e.g. `certificate.validUntil`, `factors[2].value`.
enum StandardValidation {
    static let kinds = ["standard", "equipment"]
    static let statuses = ["in_use", "stopped", "quarantined", "retired"]
    static let statusTitles = ["in_use": "在用", "stopped": "停用", "quarantined": "隔离（故障）", "retired": "报废"]
    static let checkResults = ["pass", "fail"]
    static let maxFactors = 200

    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError.invalidArgument(message, reason: reason, details: ["field": field])
    }

    /// A text field by the shared rule (`FieldText`): STANDARD_FIELD_REQUIRED, TEXT_INVALID_CHARACTERS (a control
    /// character was STANDARD_FIELD_INVALID here, and TEXT_INVALID_CHARACTERS everywhere else), STANDARD_FIELD_TOO_LONG.
    /// Names, codes and numbers are one line; reasons and notes (`lines: .multiple`) may have several.
    static func text(
        _ value: String, field: String, title: String, required: Bool = false, max: Int = 100, lines: HumanText.Lines = .single
    ) throws -> String {
        try FieldText(field: field, title: title, required: required, maxLength: max, lines: lines, reasonPrefix: "STANDARD").check(value)
    }

    /// 管理编号: 1 to 32 characters without spaces.
    static func code(_ value: String) throws -> String {
        let code = try text(value, field: "code", title: "管理编号", required: true, max: 32)
        guard !code.contains(where: { $0.isWhitespace }) else {
            throw invalid("code", "管理编号不能包含空格", "STANDARD_CODE_INVALID")
        }
        return code
    }

    static func kind(_ value: String) throws -> String {
        guard !value.isEmpty else { return "standard" }
        guard kinds.contains(value) else {
            throw invalid("kind", "类别必须是 standard（计量标准器具）或 equipment（配套设备）", "STANDARD_KIND_INVALID")
        }
        return value
    }

    /// 标准类别: optional; when given, letters, digits and _ starting with a letter, at most 40 — the shape of the
    /// procedure need codes (flows StandardNeed.code) it is matched against.
    static func category(_ value: String) throws -> String {
        let category = value.trimmingCharacters(in: .whitespaces)
        guard !category.isEmpty else { return "" }
        let shaped =
            category.count <= 40 && category.first.map { $0.isASCII && $0.isLetter } == true
            && category.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard shaped else {
            throw invalid("category", "标准类别“\(category.prefix(40))”须为字母开头的字母、数字或下划线（至多 40 个），如 metal_measure", "STANDARD_CATEGORY_INVALID")
        }
        return category
    }

    static func status(_ value: String, field: String = "status") throws -> String {
        guard statuses.contains(value) else {
            throw invalid(field, "状态必须是 in_use（在用）、stopped（停用）、quarantined（隔离）或 retired（报废）", "STANDARD_STATUS_INVALID")
        }
        return value
    }

    static func day(_ value: String, field: String, title: String) throws -> CalendarDay {
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw invalid(field, "请填写\(title)", "STANDARD_FIELD_REQUIRED") }
        guard let day = CalendarDay(text) else { throw invalid(field, "\(title)格式为 YYYY-MM-DD", "STANDARD_DATE_INVALID") }
        return day
    }

    /// A day that has happened (today or earlier, China Standard Time).
    static func pastDay(_ value: String, field: String, title: String, today: CalendarDay) throws -> CalendarDay {
        let day = try day(value, field: field, title: title)
        guard day <= today else { throw invalid(field, "\(title)不能晚于今天", "STANDARD_DATE_IN_FUTURE") }
        return day
    }

    /// A complete certificate: number, issuer, issued on (not in the future) and valid until (not before issued on).
    static func certificate(_ message: Metrology_Devices_V1_CalibrationCertificate, today: CalendarDay = .today) throws -> StandardCertificate {
        let number = try text(message.number, field: "certificate.number", title: "证书编号", required: true, max: 64)
        let issuer = try text(message.issuer, field: "certificate.issuer", title: "发证机构", required: true, max: 100)
        let issued = try pastDay(message.issuedOn, field: "certificate.issuedOn", title: "发证日期", today: today)
        let validUntil = try day(message.validUntil, field: "certificate.validUntil", title: "有效期至")
        guard issued <= validUntil else {
            throw invalid("certificate.validUntil", "有效期至不能早于发证日期", "STANDARD_CERTIFICATE_DATES")
        }
        return StandardCertificate(number: number, issuer: issuer, issuedOn: issued, validUntil: validUntil)
    }

    /// Whether a certificate message carries anything at all (an empty one counts as none).
    static func isBlank(_ message: Metrology_Devices_V1_CalibrationCertificate) -> Bool {
        [message.number, message.issuer, message.issuedOn, message.validUntil].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func reason(_ value: String, required: Bool, field: String = "reason", title: String = "原因") throws -> String {
        try text(value, field: field, title: title, required: required, max: 200, lines: .multiple)
    }

    /// Decimal text: an optional sign, digits, and optionally a point followed by digits (`^[+-]?\d+(\.\d+)?$`, ASCII).
    static func isDecimal(_ value: String) -> Bool {
        var scalars = Array(value.unicodeScalars)
        if let first = scalars.first, first == "+" || first == "-" { scalars.removeFirst() }
        let isDigit = { (scalar: Unicode.Scalar) in scalar >= "0" && scalar <= "9" }
        guard let dot = scalars.firstIndex(of: ".") else { return !scalars.isEmpty && scalars.allSatisfy(isDigit) }
        let whole = scalars[..<dot]
        let fraction = scalars[(dot + 1)...]
        return !whole.isEmpty && !fraction.isEmpty && whole.allSatisfy(isDigit) && fraction.allSatisfy(isDigit)
    }

    /// A set of correction factors: each with a measuring point (unique within the set), a decimal value kept
    /// exactly as entered, and a unit of at most 20 characters.
    static func factors(_ messages: [Metrology_Devices_V1_CorrectionFactor]) throws -> [StandardCorrectionFactor] {
        guard messages.count <= maxFactors else {
            throw invalid("factors", "修正因子不能超过 \(maxFactors) 个", "STANDARD_FACTORS_TOO_MANY")
        }
        var seen: Set<String> = []
        return try messages.enumerated().map { index, message in
            let point = try text(message.point, field: "factors[\(index)].point", title: "第 \(index + 1) 个修正因子的测量点", required: true, max: 50)
            let value = message.value.trimmingCharacters(in: .whitespaces)
            guard value.count <= 32, isDecimal(value) else {
                throw invalid(
                    "factors[\(index)].value", "第 \(index + 1) 个修正因子的值“\(value.prefix(32))”不是有效的十进制数（如 1.0020、-0.5）", "STANDARD_FACTOR_VALUE_INVALID")
            }
            let unit = try text(message.unit, field: "factors[\(index)].unit", title: "第 \(index + 1) 个修正因子的单位", max: 20)
            guard seen.insert(point).inserted else {
                throw invalid("factors[\(index)].point", "测量点“\(point)”重复", "STANDARD_FACTOR_POINT_DUPLICATE")
            }
            return StandardCorrectionFactor(point: point, value: value, unit: unit)
        }
    }

    static func standardID(_ text: String, field: String = "standardId") throws -> UUID {
        guard !text.isEmpty else { throw invalid(field, "请指定标准器具", "STANDARD_FIELD_REQUIRED") }
        guard let id = UUID(uuidString: text) else { throw invalid(field, "标准器具编号格式无效", "STANDARD_ID_INVALID") }
        return id
    }
}

/// Whether a standard may be chosen for a test on a day: the first of retired, stopped, quarantined, no certificate,
/// certificate expired before that day.
enum StandardUsabilityRule {
    struct Decision: Sendable, Equatable {
        var usable: Bool
        var reason: String
        var message: String
    }

    static func decide(code: String, status: String, certificate: StandardCertificate?, on day: CalendarDay) -> Decision {
        let label = code.isEmpty ? "该标准器具" : "标准器具 \(code) "
        switch status {
        case "retired": return .init(usable: false, reason: "STANDARD_RETIRED", message: "\(label)已报废，不能使用")
        case "stopped": return .init(usable: false, reason: "STANDARD_STOPPED", message: "\(label)已停用，不能使用")
        case "quarantined":
            return .init(usable: false, reason: "STANDARD_QUARANTINED", message: "\(label)因故障已隔离，经核查或重新检定/校准恢复使用前不能使用")
        default: break
        }
        guard let certificate else {
            return .init(usable: false, reason: "STANDARD_NO_CERTIFICATE", message: "\(label)没有登记检定/校准证书，不能使用")
        }
        guard certificate.validUntil >= day else {
            return .init(
                usable: false, reason: "STANDARD_EXPIRED",
                message: "\(label)的检定/校准证书 \(certificate.number) 已于 \(certificate.validUntil) 到期，不能使用")
        }
        return .init(usable: true, reason: "", message: "")
    }

    static let notFound = Decision(usable: false, reason: "STANDARD_NOT_FOUND", message: "标准器具不存在")
}
