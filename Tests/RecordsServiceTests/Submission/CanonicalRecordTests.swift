import Contracts
import Foundation
import Testing

@testable import RecordsService

/// The canonical content a tester signs: the same record gives the same bytes whatever order its rows were read in,
/// and any change of what the record states gives another digest.
@Suite("Records: canonical record content")
struct CanonicalRecordTests {
    static func cell(_ code: String, _ point: Int32 = 0, _ run: Int32 = 0) -> Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = code
        cell.point = point
        cell.run = run
        return cell
    }

    static func value(_ code: String, _ point: Int32, _ run: Int32, _ text: String, unit: String = "L") -> Metrology_Records_V1_RecordValue {
        var value = Metrology_Records_V1_RecordValue()
        value.cell = cell(code, point, run)
        value.value = text
        value.unit = unit
        return value
    }

    static func computed(_ code: String, _ point: Int32, _ run: Int32, _ kind: String, _ text: String) -> Metrology_Records_V1_ComputedValue {
        var value = Metrology_Records_V1_ComputedValue()
        value.cell = cell(code, point, run)
        value.kind = kind
        value.value = text
        value.unit = kind == "computed" ? "%" : ""
        value.type = kind == "computed" ? "number" : "text"
        return value
    }

    /// A fuel-dispenser record: header values, a reading table, computed errors, a judgement and a conclusion.
    static func task() -> Metrology_Records_V1_Task {
        var task = Metrology_Records_V1_Task()
        task.id = "5b7c0d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"
        task.rawRecordNumber = "YS20261202-0007"
        task.itemCode = "fuel_dispenser"
        task.typeCode = "verification:subsequent"
        task.procedureVersion = 3
        task.customerID = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"
        task.customerName = "杭州某某石化有限公司"
        task.instrument.id = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
        task.instrument.name = "燃油加油机"
        task.instrument.model = "CS46"
        task.instrument.serialNumber = "A-0042"
        // Workflow facts the signature must not depend on.
        task.state = "in_progress"
        task.revision = 17
        task.testerName = "张三"
        var standard = Metrology_Records_V1_StandardUsed()
        standard.needCode = "metal_measure"
        standard.standardID = "s-1"
        standard.code = "BZ-001"
        standard.name = "标准金属量器"
        standard.accuracy = "二等"
        standard.certificateNo = "JD2026-118"
        standard.validUntil = "2027-11-30"
        task.standards = [standard]
        task.values = [
            value("ambient_temperature", 0, 0, "21.5", unit: "℃"), value("readings", 1, 1, "20.00"), value("readings", 1, 2, "20.02"),
            value("readings", 2, 1, "19.98"),
        ]
        task.computed = [
            computed("error", 1, 1, "computed", "-0.10"), computed("error", 1, 2, "computed", "0.10"), computed("verdict", 0, 0, "judgement", "true"),
            computed("conclusion", 0, 0, "conclusion", "合格"),
        ]
        task.conclusion = "合格"
        task.testDate = "2026-12-02"
        return task
    }

    static func digest(_ task: Metrology_Records_V1_Task) -> String { CanonicalRecord.bytesAndDigest(of: task).digest }

    @Test("the same record gives the same bytes, whatever order its rows came in and whatever its workflow state")
    func deterministic() {
        let task = Self.task()
        var shuffled = task
        shuffled.values.reverse()
        shuffled.computed.reverse()
        shuffled.state = "returned"
        shuffled.revision = 18
        shuffled.history = [.init()]
        shuffled.values[0].enteredBy = "someone-else"
        shuffled.values[0].deviceID = "another-phone"
        shuffled.values[1].enteredByName = "李四"
        #expect(CanonicalRecord.content(of: task).bytes == CanonicalRecord.content(of: shuffled).bytes)
        #expect(Self.digest(task) == Self.digest(shuffled))
        let digest = Self.digest(task)
        #expect(digest.count == 64 && digest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("the bytes are sorted-key JSON without whitespace, decimals as their text, Chinese as UTF-8")
    func layout() throws {
        let bytes = CanonicalRecord.content(of: Self.task()).bytes
        let text = try #require(String(data: bytes, encoding: .utf8))
        #expect(text.hasPrefix(#"{"computed":[{"item":"conclusion","kind":"conclusion","point":0,"run":0,"unit":"","value":"合格"}"#))
        #expect(text.contains(#""procedure_version":3,"#))
        #expect(text.contains(#"{"item":"readings","point":1,"run":1,"unit":"L","value":"20.00"}"#))
        #expect(text.contains(#""test_date":"2026-12-02","type_code":"verification:subsequent","values":["#))
        #expect(!text.contains(" "))
        #expect(!text.contains("\n") && !text.contains(": ") && !text.contains(", "))
        #expect(!text.contains("revision") && !text.contains("in_progress"))
        // It is JSON any parser reads.
        #expect(try JSONSerialization.jsonObject(with: bytes) is [String: Any])
    }

    @Test(
        "any change of what the record states changes the digest",
        arguments: [
            "value", "unit", "trailing zero", "cell", "added value", "computed", "conclusion", "standard", "procedure version", "customer",
            "instrument", "test date", "raw record number",
        ])
    func sensitive(change: String) {
        let original = Self.task()
        var changed = original
        switch change {
        case "value": changed.values[1].value = "20.01"
        case "unit": changed.values[1].unit = "mL"
        case "trailing zero": changed.values[1].value = "20.0"
        case "cell": changed.values[1].cell.run = 3
        case "added value": changed.values.append(Self.value("readings", 2, 2, "20.00"))
        case "computed": changed.computed[0].value = "-0.11"
        case "conclusion": changed.conclusion = "不合格"
        case "standard": changed.standards[0].certificateNo = "JD2026-119"
        case "procedure version": changed.procedureVersion = 4
        case "customer": changed.customerName = "杭州另一家石化有限公司"
        case "instrument": changed.instrument.serialNumber = "A-0043"
        case "test date": changed.testDate = "2026-12-03"
        default: changed.rawRecordNumber = "YS20261202-0008"
        }
        #expect(Self.digest(changed) != Self.digest(original), "\(change)")
    }

    @Test("strings escape only quotes, backslashes and control characters")
    func escaping() {
        let json = CanonicalJSON.object(["b": .string("a\"b\\c/d\n\u{01}é"), "a": .array([.integer(-3), .bool(true)])])
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"a":[-3,true],"b":"a\"b\\c/d\n\u0001é"}"#)
    }

    @Test("the resource identity's challenge names is records/task/<id>")
    func resource() {
        #expect(CanonicalRecord.resource(ofTask: "abc") == "records/task/abc")
    }
}
