import Contracts
import Testing

@testable import ReportsService

@Suite struct DataItemsTests {
    @Test(
        "decimal text becomes a JSON number digit for digit; anything else stays text",
        arguments: [
            ("12.50", "12.50"), ("-0.003", "-0.003"), ("0", "0"), ("42", "42"), ("007", nil), ("1e5", nil), ("1.", nil), (".5", nil), ("", nil),
            ("合格", nil), ("-", nil), ("1.2.3", nil),
        ] as [(String, String?)])
    func numbers(_ text: String, _ expected: String?) {
        #expect(DataItems.number(text) == expected)
    }

    @Test("the data object: scalars by code, table cells by code[point,run], computed over entered, control characters escaped")
    func object() {
        var task = Metrology_Records_V1_Task()
        var value = Metrology_Records_V1_RecordValue()
        value.cell.itemCode = "E"
        value.value = "0.5"
        task.values.append(value)
        value.cell.itemCode = "Q"
        value.cell.point = 2
        value.cell.run = 1
        value.value = "12.0"
        task.values.append(value)
        var note = Metrology_Records_V1_RecordValue()
        note.cell.itemCode = "note"
        note.value = "漏\"气\"\n\u{0}x"
        task.values.append(note)
        var computed = Metrology_Records_V1_ComputedValue()
        computed.cell.itemCode = "E"
        computed.value = "0.50"
        task.computed.append(computed)
        let data = DataItems(task: task)
        #expect(data.json == #"{"E":0.50,"Q[2,1]":12.0,"note":"漏\"气\"\nx"}"#)
        #expect(data.codes == ["E", "Q[2,1]", "note"])
        #expect(data.numericFlags == [true, true, false])
    }
}
