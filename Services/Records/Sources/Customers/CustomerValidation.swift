import Foundation
import Messaging
import RPCCore
import ServiceKit

/// Checks of the customer form: each failure is INVALID_ARGUMENT with a stable RECORDS_ reason, a Chinese message and
/// the (camelCase) field it concerns in `details["field"]`.
enum CustomerValidation {
    static func invalid(_ field: String, _ message: String, _ reason: String, _ more: [String: String] = [:]) -> RPCError {
        RPCError.invalidArgument(message, reason: reason, details: more.merging(["field": field]) { _, field in field })
    }

    /// A text field by the shared rule (`FieldText`): RECORDS_FIELD_REQUIRED, TEXT_INVALID_CHARACTERS, RECORDS_FIELD_TOO_LONG.
    static func text(_ value: String, field: String, title: String, required: Bool = false, max: Int = 100) throws -> String {
        try FieldText(field: field, title: title, required: required, maxLength: max, reasonPrefix: "RECORDS").check(value)
    }

    static func name(_ value: String) throws -> String {
        try text(value, field: "name", title: "单位名称", required: true, max: 100)
    }

    /// "" (a private person has none) or a valid code, upper-cased. RECORDS_USCC_INVALID names the position of the
    /// first bad character (`details["position"]`, 1-based) or the check character expected (`details["expected"]`).
    static func uscc(_ value: String) throws -> String {
        let code = USCC.normalize(value)
        guard !code.isEmpty, let problem = USCC.problem(code) else { return code }
        let reason = "RECORDS_USCC_INVALID"
        switch problem {
        case .length(let count):
            throw invalid("uscc", "统一社会信用代码应为 18 位，现为 \(count) 位", reason, ["length": "\(count)"])
        case .character(let position, let found):
            throw invalid(
                "uscc", "统一社会信用代码第 \(position) 位“\(found)”不是有效字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）", reason,
                ["position": "\(position)"])
        case .organisationCheck(let expected, let found):
            throw invalid(
                "uscc", "统一社会信用代码中的组织机构代码（第 9–17 位）校验码不符：第 17 位应为“\(expected)”，实为“\(found)”", reason,
                ["position": "17", "expected": String(expected)])
        case .check(let expected, let found):
            throw invalid(
                "uscc", "统一社会信用代码校验码不符：第 18 位应为“\(expected)”，实为“\(found)”，请核对是否抄错", reason,
                ["position": "18", "expected": String(expected)])
        }
    }

    /// "" or a GB/T 2260 code of a real province; answers the code and the province's name.
    static func region(_ value: String, field: String = "regionCode") throws -> (code: String, name: String) {
        let code = value.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return ("", "") }
        guard RegionCode.isSixDigits(code) else {
            throw invalid(field, "行政区划代码应为 6 位数字（GB/T 2260），如 330106", "RECORDS_REGION_INVALID")
        }
        guard let name = RegionCode.provinceName(code) else {
            throw invalid(field, "行政区划代码“\(code)”的前两位“\(code.prefix(2))”不是有效的省级代码", "RECORDS_REGION_INVALID")
        }
        return (code, name)
    }

    /// A region filter of a list: the province (2 digits), the city (4) or the county (6), matched as a prefix.
    static func regionFilter(_ value: String) throws -> String {
        let code = value.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return "" }
        guard [2, 4, 6].contains(code.utf8.count), code.utf8.allSatisfy({ (48...57).contains($0) }),
            RegionCode.provinces[String(code.prefix(2))] != nil
        else {
            throw invalid("regionCode", "行政区划代码应为 2、4 或 6 位数字且省级代码有效，如 33、3301、330106", "RECORDS_REGION_INVALID")
        }
        return code
    }

    /// A contact phone's shape: a mobile number (11 digits from 13–19, optionally +86), a landline with or without
    /// its area code and an extension, or a 400/800 service number. Spaces, hyphens and brackets around the area code
    /// are kept as typed; RECORDS_PHONE_INVALID otherwise.
    static func phone(_ value: String) throws -> String {
        let phone = try text(value, field: "contactPhone", title: "联系电话", max: 30)
        guard !phone.isEmpty else { return "" }
        guard PhoneShape.matches(phone) else {
            throw invalid("contactPhone", "联系电话“\(phone)”格式不正确，应为手机号（如 13800138000）或固定电话（如 0571-87654321）", "RECORDS_PHONE_INVALID")
        }
        return phone
    }

    static func customerID(_ text: String, field: String = "customerId") throws -> UUID {
        guard !text.isEmpty else { throw invalid(field, "请指定委托单位", "RECORDS_CUSTOMER_ID_INVALID") }
        guard let id = UUID(uuidString: text) else {
            throw invalid(field, "委托单位编号“\(text.prefix(64))”格式不正确", "RECORDS_CUSTOMER_ID_INVALID")
        }
        return id
    }

    static let notFound = RPCError.notFound("委托单位不存在", reason: "RECORDS_CUSTOMER_NOT_FOUND")

    static func usccTaken(_ code: String) -> RPCError {
        RPCError(code: .alreadyExists, message: "统一社会信用代码“\(code)”已被其他委托单位使用", reason: "RECORDS_CUSTOMER_USCC_TAKEN", details: ["field": "uscc"])
    }
}

/// The phone shapes `CustomerValidation.phone` accepts, on the text without spaces and hyphens.
enum PhoneShape {
    static func matches(_ text: String) -> Bool {
        var digits = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
        // (0571)87654321
        if digits.hasPrefix("("), let close = digits.firstIndex(of: ")") {
            digits = String(digits[digits.index(after: digits.startIndex)..<close]) + digits[digits.index(after: close)...]
        }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        // An extension: 转123 or ext123 or #123.
        for marker in ["转", "ext", "EXT", "#"] {
            if let range = digits.range(of: marker) {
                let extensionPart = digits[range.upperBound...]
                guard (1...6).contains(extensionPart.count), extensionPart.allSatisfy(\.isASCIIDigit) else { return false }
                digits = String(digits[..<range.lowerBound])
                break
            }
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return false }
        let scalars = Array(digits)
        switch scalars.count {
        case 11 where scalars[0] == "1": return ("3"..."9").contains(scalars[1])  // mobile
        case 10 where digits.hasPrefix("400") || digits.hasPrefix("800"): return true
        case 7, 8: return scalars[0] != "0" && scalars[0] != "1"  // local number without area code
        case 10...12: return scalars[0] == "0" && scalars[1] != "0"  // area code 0xx / 0xxx + 7–8 digits
        default: return false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
