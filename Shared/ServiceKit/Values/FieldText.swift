import Foundation
import Messaging
public import RPCCore

/// The one check of a text field on a form (a person's name, a role's description, a standard's model, a
/// regulation's title) that every service uses. There were three copies (identity's ProfileValidation, devices'
/// StandardValidation, flows' regulations) that disagreed: devices refused a control character with its own reason
/// and let a line feed into every field, the others let `HumanText` refuse it; flows answered "empty" and "too long"
/// with one reason. Now:
///
/// 1. the value is trimmed (spaces and line ends around it are never meant);
/// 2. empty: `<PREFIX>_FIELD_REQUIRED` if the field is required, else "" is the answer;
/// 3. the `HumanText` rule: `TEXT_INVALID_CHARACTERS` (control characters — line feeds and tabs only in a field
///    with lines —, bidi controls, unassigned code points), `TEXT_TOO_MANY_COMBINING_MARKS`; the text NFC-normalised;
/// 4. longer than `maxLength` characters after normalisation: `<PREFIX>_FIELD_TOO_LONG`.
///
/// Each refusal is INVALID_ARGUMENT with a Chinese message naming the field by its title, and `details["field"]`.
public struct FieldText: Sendable {
    public let field: String
    /// The field's name for people, in messages: "姓名", "规程名称".
    public let title: String
    public let required: Bool
    public let maxLength: Int
    public let lines: HumanText.Lines
    /// The service's reason prefix: IDENTITY, STANDARD, FLOWS.
    public let reasonPrefix: String

    public init(
        field: String, title: String, required: Bool = false, maxLength: Int, lines: HumanText.Lines = .single, reasonPrefix: String
    ) {
        self.field = field
        self.title = title
        self.required = required
        self.maxLength = maxLength
        self.lines = lines
        self.reasonPrefix = reasonPrefix
    }

    /// The trimmed, NFC-normalised text, or the refusal.
    public func check(_ value: String) throws(RPCError) -> String {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            guard !required else {
                throw RPCError.invalidArgument("请填写\(title)", reason: "\(reasonPrefix)_FIELD_REQUIRED", details: ["field": field])
            }
            return ""
        }
        // The length is the field's own rule (its reason, its title), counted after normalisation like HumanText's.
        let normalized = try HumanText(field: field, lines: lines, maxLength: .max).check(text)
        guard normalized.count <= maxLength else {
            throw RPCError.invalidArgument(
                "\(title)不能超过 \(maxLength) 个字符", reason: "\(reasonPrefix)_FIELD_TOO_LONG",
                details: ["field": field, "maxLength": "\(maxLength)"])
        }
        return normalized
    }
}
