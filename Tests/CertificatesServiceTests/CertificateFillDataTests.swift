import Contracts
import FillCore
import Foundation
import Testing

@testable import CertificatesService

/// What a certificate prints, built from the record as records published it.
@Suite struct CertificateFillDataTests {
    static func cell(_ code: String, _ point: Int32 = 0, _ run: Int32 = 0) -> Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = code
        cell.point = point
        cell.run = run
        return cell
    }

    static func value(_ code: String, _ point: Int32, _ run: Int32, _ text: String) -> Metrology_Records_V1_RecordValue {
        var value = Metrology_Records_V1_RecordValue()
        value.cell = cell(code, point, run)
        value.value = text
        return value
    }

    static func computed(_ code: String, _ point: Int32, _ run: Int32, _ text: String) -> Metrology_Records_V1_ComputedValue {
        var value = Metrology_Records_V1_ComputedValue()
        value.cell = cell(code, point, run)
        value.value = text
        return value
    }

    static var task: Metrology_Records_V1_Task {
        var task = Metrology_Records_V1_Task()
        task.rawRecordNumber = "YS-0007"
        task.testDate = "2026-03-15"
        task.conclusion = "合格"
        task.customerName = "老名字加油站"
        task.instrument.model = "JYJ-2"
        task.instrument.serialNumber = "J0001"
        task.instrument.cycleMonths = 6
        task.instrument.manufactureDate = "2020-05-01"
        // Entered out of print order: the fill sorts by point, then run.
        task.values = [
            value("errors", 2, 1, "-0.05"), value("errors", 1, 2, "0.12"), value("errors", 1, 1, "0.10"), value("reading", 0, 0, "20.05"),
            value("model", 0, 0, "JYJ-2A（现场铭牌）"),
        ]
        task.computed = [computed("mean1", 0, 0, "0.11"), computed("dev", 1, 2, "0.02"), computed("conclusion", 0, 0, "合格")]
        return task
    }

    static func data(task: Metrology_Records_V1_Task = task) throws -> FillData {
        var customer = Metrology_Records_V1_Customer()
        customer.name = "某某加油站"
        customer.address = "杭州市西湖区文三路 1 号"
        let row = try CertificateRowFixture.row(number: "JD-0001", validUntil: "2026-09-14")
        return CertificateFillData(task: task, customer: customer, certificate: row, images: [:]).fillData
    }

    @Test("scalars by code, the reserved numbers, numbers kept as the text entered")
    func scalars() throws {
        let data = try Self.data()
        #expect(data.values["reading"] == .number("20.05"))
        #expect(data.values["mean1"] == .number("0.11"))
        #expect(data.values["conclusion"] == .text("合格"))
        #expect(data.values["CERT_NO"] == .text("JD-0001"))
        #expect(data.values["RECORD_NO"] == .text("YS-0007"))
    }

    @Test("header fields come from the commission unless the tester entered them; dates print as 年月日")
    func headerFields() throws {
        let data = try Self.data()
        #expect(data.values["client"] == .text("某某加油站"))
        #expect(data.values["model"] == .text("JYJ-2A（现场铭牌）"), "the entered value wins")
        #expect(data.values["serial_number"] == .text("J0001"))
        #expect(data.values["user_address"] == .text("杭州市西湖区文三路 1 号"))
        #expect(data.values["test_date"] == .text("2026年03月15日"))
        #expect(data.values["manufacture_date"] == .text("2020年05月01日"))
        #expect(data.values["next_test_date"] == .text("2026年09月15日"))
        #expect(data.values["conclusion_note"] == nil, "nothing to print is left to the template")
    }

    @Test("reading rows in print order, with the computed cell of the same reading as a column")
    func tables() throws {
        let rows = try #require(try Self.data().tables["errors"])
        #expect(rows.map { $0["value"] } == [.number("0.10"), .number("0.12"), .number("-0.05")])
        #expect(rows.map { $0["point"] } == [.text("1"), .text("1"), .text("2")])
        #expect(rows.map { $0["run"] } == [.text("1"), .text("2"), .text("1")])
        #expect(rows[1]["dev"] == .number("0.02") && rows[0]["dev"] == nil)
    }

    @Test("the reserved table STANDARDS lists the standards used, in the order chosen, validity as 年月日; none, no rows")
    func standards() throws {
        var task = Self.task
        var first = Metrology_Records_V1_StandardUsed()
        first.needTitle = "标准金属量器"
        first.code = "BZ-2024-003"
        first.name = "二等标准金属量器"
        first.model = "20 L"
        first.accuracy = "二等"
        first.certificateNo = "JL2025-1188"
        first.validUntil = "2027-06-30"
        var second = first
        second.code = "BZ-2024-009"
        second.certificateNo = "JL2025-1201"
        task.standards = [first, second]
        let rows = try #require(try Self.data(task: task).tables["standards"])
        #expect(rows.map { $0["code"] } == [.text("BZ-2024-003"), .text("BZ-2024-009")])
        #expect(rows[0]["certificate_no"] == .text("JL2025-1188") && rows[0]["valid_until"] == .text("2027年06月30日"))
        #expect(rows[0]["need"] == .text("标准金属量器") && rows[0]["name"] == .text("二等标准金属量器"))
        #expect(try Self.data().tables["standards"] == [])
    }

    @Test("a reading row's point prints the procedure's point label; a point without one prints its number")
    func pointLabels() throws {
        var customer = Metrology_Records_V1_Customer()
        customer.name = "某某加油站"
        let row = try CertificateRowFixture.row(number: "JD-0001", validUntil: "2026-09-14")
        let data = CertificateFillData(task: Self.task, customer: customer, certificate: row, images: [:], pointLabels: ["errors": ["大流量"]]).fillData
        let rows = try #require(data.tables["errors"])
        #expect(rows.map { $0["point"] } == [.text("大流量"), .text("大流量"), .text("2")])
        let labels = try ApprovalInputs.encodePointLabels(["b": ["2"], "a": ["1"]])
        #expect(String(decoding: labels, as: UTF8.self) == #"{"a":["1"],"b":["2"]}"#)
        #expect(ApprovalInputs.decodePointLabels(labels) == ["a": ["1"], "b": ["2"]])
        #expect(ApprovalInputs.decodePointLabels(Data("not json".utf8)).isEmpty && ApprovalInputs.decodePointLabels(nil).isEmpty)
    }

    @Test("a judgement prints 合格 or 不合格, not true or false; other computed values as computed")
    func judgements() throws {
        var task = Self.task
        var passed = Self.computed("ok_1", 0, 0, "true")
        passed.kind = "judgement"
        var failed = Self.computed("ok_2", 0, 0, "false")
        failed.kind = "judgement"
        let plain = Self.computed("flag", 0, 0, "true")
        task.computed += [passed, failed, plain]
        let values = try Self.data(task: task).values
        #expect(values["ok_1"] == .text("合格") && values["ok_2"] == .text("不合格") && values["flag"] == .text("true"))
    }

    @Test("text that only looks like a number stays text", arguments: ["1.2.3", "12-3", "合格", "", "1e", "0x10"])
    func notNumbers(_ text: String) {
        if case .number = CertificateFillData.fillValue(text) {
            Issue.record("\(text) became a number")
        }
    }
}

/// A certificate row as the store would read it, for tests that need one.
enum CertificateRowFixture {
    static func row(number: String, validUntil: String) throws -> CertificateRow {
        CertificateRow(
            id: UUID(), number: number, kind: "certificate", state: "issuing", taskID: UUID(), round: 1, rawRecordNumber: "YS-0007", itemID: "i",
            itemCode: "fuel", itemName: "燃油加油机", typeCode: "verification:subsequent", typeTitle: "后续检定", customerName: "某某加油站",
            instrumentName: "燃油加油机", instrumentModel: "JYJ-2", instrumentSerial: "J0001", conclusion: "合格", testDate: "2026-03-15",
            validUntil: validUntil, testerName: "张三", reviewerName: "李四", approverID: "a", approverName: "王五",
            approvedAt: Date(timeIntervalSince1970: 1_773_600_000), issuedAt: nil, checkCode: "ABCD2345", pdf: nil, rawRecordPDF: nil,
            voidedPDF: nil, voidReason: "", voidedByName: "", voidedAt: nil, replacesID: nil, replacesNumber: "", replacedByID: nil, failure: "")
    }
}
