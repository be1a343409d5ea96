import Foundation
import Messaging
import RPCCore
import ServiceKit

/// Checks of the people form, each with a stable code, a Chinese message and the field it concerns.
enum ProfileValidation {
    static func invalid(_ field: String, _ message: String, _ reason: String) -> RPCError {
        RPCError.invalidArgument(message, reason: reason, details: ["field": field])
    }

    static func username(_ value: String) throws -> String {
        let name = value.trimmingCharacters(in: .whitespaces)
        guard (3...32).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) else {
            throw invalid("username", "账号名须为 3 到 32 个英文字母、数字、_ . -", "IDENTITY_USERNAME_INVALID")
        }
        return name
    }

    /// A one-line text field by the shared rule (`FieldText`): IDENTITY_FIELD_REQUIRED, TEXT_INVALID_CHARACTERS, IDENTITY_FIELD_TOO_LONG.
    static func text(_ value: String, field: String, title: String, required: Bool = false, max: Int = 50) throws -> String {
        try FieldText(field: field, title: title, required: required, maxLength: max, reasonPrefix: "IDENTITY").check(value)
    }

    static func gender(_ value: String) throws -> String {
        guard ["", "male", "female"].contains(value) else { throw invalid("gender", "性别必须是 male（男）或 female（女）", "IDENTITY_GENDER_INVALID") }
        return value
    }

    static func birthMonth(_ value: String) throws -> String {
        guard !value.isEmpty else { return "" }
        let parts = value.split(separator: "-")
        guard value.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1900...2100).contains(year),
            (1...12).contains(month), CalendarDay(String(format: "%04d-%02d-01", year, month)).map({ $0 <= CalendarDay.today }) == true
        else { throw invalid("birthMonth", "出生年月格式为 YYYY-MM，且不能晚于当前月份", "IDENTITY_BIRTH_MONTH_INVALID") }
        return value
    }

    static func idNumber(_ value: String) throws -> ResidentIDNumber {
        do {
            return try ResidentIDNumber(value)
        } catch {
            throw invalid("idNumber", error.message, "IDENTITY_ID_NUMBER_INVALID")
        }
    }

    /// The ID number states birth date and sex; the form must agree with it.
    static func consistent(id: ResidentIDNumber, gender: String, birthMonth: String) throws {
        if !birthMonth.isEmpty && birthMonth != id.birthMonth {
            throw invalid("birthMonth", "出生年月与身份证号码不一致（身份证为 \(id.birthMonth)）", "IDENTITY_BIRTH_MONTH_MISMATCH")
        }
        if !gender.isEmpty && gender != id.gender {
            throw invalid("gender", "性别与身份证号码不一致", "IDENTITY_GENDER_MISMATCH")
        }
    }

    static func day(_ value: String, field: String, title: String) throws -> CalendarDay {
        guard let day = CalendarDay(value) else { throw invalid(field, "\(title)格式为 YYYY-MM-DD", "IDENTITY_DATE_INVALID") }
        return day
    }

    /// Item codes (检测项目) as flows will define them: non-empty, no spaces, at most 64 characters.
    static func items(_ values: [String], field: String) throws -> [String] {
        let items = values.map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.allSatisfy({ !$0.isEmpty && $0.count <= 64 && !$0.contains(" ") }) else {
            throw invalid(field, "检测项目代码不能为空、不能含空格，且不超过 64 个字符", "IDENTITY_ITEM_INVALID")
        }
        return Array(Set(items)).sorted()
    }
}
