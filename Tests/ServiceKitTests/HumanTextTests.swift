import Contracts
import Messaging
import RPCCore
import ServiceKit
import Testing

/// The shared rule for human text (issue 14 item 4): each refusal names the field and gives its stable reason.
@Suite("HumanText: one rule for names, descriptions and queries")
struct HumanTextTests {
    static func refusal(_ text: String, lines: HumanText.Lines = .single, maxLength: Int = 50) -> RPCError? {
        do {
            _ = try HumanText(field: "name", lines: lines, maxLength: maxLength).check(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "refused characters",
        arguments: [
            "a\u{0}b", "\u{1B}[31m红色", "张\u{7F}三", "a\u{85}b", "line\nbreak", "tab\there", "cr\rhere",
            "\u{202E}三张", "\u{202A}x", "\u{2066}x\u{2069}", "\u{200F}x", "\u{061C}x", "a\u{2028}b", "a\u{2029}b",
            "\u{0378}", "\u{E01F0}", String(Unicode.Scalar(0xFFFF)!), String(Unicode.Scalar(0xFDD0)!),
        ])
    func refusedCharacters(text: String) {
        let error = Self.refusal(text)
        #expect(error?.code == .invalidArgument)
        #expect(error?.reason == "TEXT_INVALID_CHARACTERS")
        #expect(error?.details["field"] == "name")
    }

    @Test func lineFeedsAndTabsOnlyWhereTheFieldHasLines() throws {
        #expect(try HumanText(field: "description", lines: .multiple, maxLength: 100).check("第一行\r\n\t第二行") == "第一行\r\n\t第二行")
        #expect(Self.refusal("第一行\n第二行")?.reason == "TEXT_INVALID_CHARACTERS")
        #expect(Self.refusal("a\u{0}b", lines: .multiple)?.reason == "TEXT_INVALID_CHARACTERS")
    }

    @Test func combiningMarksAreBoundedPerCharacter() throws {
        let zalgo = "Z" + String(repeating: "\u{0301}", count: 1_000)
        let error = Self.refusal(zalgo)
        #expect(error?.reason == "TEXT_TOO_MANY_COMBINING_MARKS")
        #expect(error?.details["field"] == "name")
        // Vietnamese (two marks), an emoji with its presentation selector and a ZWJ family all pass.
        #expect(try HumanText.check("Nguyễn Thị Ngọc Ánh", field: "name", maxLength: 50) == "Nguyễn Thị Ngọc Ánh")
        #expect(try HumanText.check("a\u{0323}\u{0302}\u{0301}\u{0300}", field: "name", maxLength: 50).count == 1)
        // Counted after NFC: marks a precomposed letter absorbs (ậ) are not stacked; five on a letter without any are.
        #expect(Self.refusal("x\u{0301}\u{0302}\u{0303}\u{0304}") == nil)
        #expect(Self.refusal("x\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}")?.reason == "TEXT_TOO_MANY_COMBINING_MARKS")
        #expect(try HumanText.check("👨‍👩‍👧‍👦 ❤️", field: "name", maxLength: 50) == "👨‍👩‍👧‍👦 ❤️")
    }

    @Test func acceptedTextComesBackNFC() throws {
        #expect(try HumanText.check("Cafe\u{0301}", field: "name", maxLength: 10) == "Caf\u{E9}")
        #expect(try HumanText.check("计量检定员 王小明", field: "name", maxLength: 10) == "计量检定员 王小明")
        #expect(try HumanText.check("", field: "name", maxLength: 10) == "")
    }

    @Test func lengthCountsCharactersAfterNormalisation() {
        #expect(Self.refusal(String(repeating: "e\u{0301}", count: 50)) == nil)
        let error = Self.refusal(String(repeating: "字", count: 51))
        #expect(error?.reason == "TEXT_TOO_LONG")
        #expect(error?.details["field"] == "name")
    }

    @Test func searchQueries() {
        do {
            _ = try HumanText.query("abc\u{0}")
            Issue.record("expected TEXT_INVALID_CHARACTERS")
        } catch {
            #expect(error.reason == "TEXT_INVALID_CHARACTERS")
            #expect(error.details["field"] == "query")
        }
    }
}

@Suite("NULBackstop: no NUL in any string field reaches a handler")
struct NULBackstopTests {
    @Test func cleanRequestsPass() throws {
        var request = Metrology_Flows_V1_EvaluateFormulaRequest()
        request.expression = "a + 1"
        request.values = ["a": "1"]
        try NULBackstop.check(request)
    }

    @Test func aNULIsFoundAtAnyDepthAndNamedAsTheHTTPCallerWroteIt() {
        var item = Metrology_Flows_V1_DataItem()
        item.code = "a"
        item.choices = ["合格", "不\u{0}合格"]
        var request = Metrology_Flows_V1_EvaluateFormulaRequest()
        request.items = [Metrology_Flows_V1_DataItem(), item]
        #expect(Self.field { () throws(RPCError) in try NULBackstop.check(request) } == "items[1].choices[1]")

        var mapped = Metrology_Flows_V1_EvaluateFormulaRequest()
        mapped.values = ["a": "1\u{0}"]
        #expect(Self.field { () throws(RPCError) in try NULBackstop.check(mapped) } == "values.a")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = "user.\u{0}"
        #expect(Self.field { () throws(RPCError) in try NULBackstop.check(audit) } == "action")
    }

    static func field(_ check: () throws(RPCError) -> Void) -> String? {
        do {
            try check()
            return nil
        } catch {
            #expect(error.reason == "TEXT_INVALID_CHARACTERS")
            return error.details["field"]
        }
    }
}
