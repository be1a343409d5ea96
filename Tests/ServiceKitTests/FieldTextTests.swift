import Messaging
import RPCCore
import ServiceKit
import Testing

/// The one field rule every service's forms use (issue 15): three copies used to disagree on control characters and
/// on what "empty" and "too long" are called.
@Suite("FieldText: one rule for form fields")
struct FieldTextTests {
    static func refusal(_ value: String, _ rule: FieldText) -> RPCError? {
        do {
            _ = try rule.check(value)
            return nil
        } catch {
            return error
        }
    }

    @Test("a control character is TEXT_INVALID_CHARACTERS whichever service asks", arguments: ["IDENTITY", "STANDARD", "FLOWS"])
    func controlCharacters(prefix: String) {
        let rule = FieldText(field: "name", title: "名称", maxLength: 50, reasonPrefix: prefix)
        for text in ["型号\u{1B}[2J", "a\tb", "a\u{0}b", "一行\n两行"] {
            let error = Self.refusal(text, rule)
            #expect(error?.reason == "TEXT_INVALID_CHARACTERS", "\(prefix): \(text.debugDescription)")
            #expect(error?.details["field"] == "name")
        }
    }

    @Test("line feeds and tabs only in a field with lines")
    func lines() throws {
        let note = FieldText(field: "note", title: "说明", maxLength: 50, lines: .multiple, reasonPrefix: "STANDARD")
        #expect(try note.check("第一行\n\t第二行") == "第一行\n\t第二行")
        #expect(Self.refusal("a\u{1B}b", note)?.reason == "TEXT_INVALID_CHARACTERS")
    }

    @Test("empty and too long each have their own reason, with the service's prefix")
    func requiredAndLength() throws {
        let rule = FieldText(field: "title", title: "规程名称", required: true, maxLength: 5, reasonPrefix: "FLOWS")
        let empty = Self.refusal("  \n", rule)
        #expect(empty?.reason == "FLOWS_FIELD_REQUIRED")
        #expect(empty?.message == "请填写规程名称")
        let long = Self.refusal("一二三四五六", rule)
        #expect(long?.reason == "FLOWS_FIELD_TOO_LONG")
        #expect(long?.details["maxLength"] == "5")
        #expect(try FieldText(field: "x", title: "X", maxLength: 5, reasonPrefix: "IDENTITY").check("   ") == "")
    }

    @Test("trimmed, NFC-normalised, and counted after normalisation")
    func normalised() throws {
        let rule = FieldText(field: "name", title: "姓名", maxLength: 4, reasonPrefix: "IDENTITY")
        // "e" + U+0301 is one character, "é", after NFC: four characters, not five code points.
        #expect(try rule.check("  Rene\u{0301} ") == "Ren\u{E9}")
        #expect(try rule.check("Zoe\u{0301}s") == "Zo\u{E9}s")
        #expect(Self.refusal("Zoe\u{0301}sy", rule)?.reason == "IDENTITY_FIELD_TOO_LONG")
    }
}
