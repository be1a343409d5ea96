import Foundation
import Testing

@testable import TemplateKit

/// The check of an inspection against the procedure's data items.
@Suite struct TemplateCheckTests {
    static let items = [
        TemplateDataItem(code: "client", title: "委托单位"),
        TemplateDataItem(code: "model", title: "计量器具型号"),
        TemplateDataItem(code: "conclusion", title: "结论"),
        TemplateDataItem(code: "readings", title: "示值误差读数", isTable: true),
    ]

    func inspection(_ fields: [TemplateField], _ format: TemplateFormat = .docx) -> TemplateInspection {
        TemplateInspection(format: format, bookmarks: FieldClassifier.classify(fields))
    }

    func codes(_ result: TemplateCheckResult) -> [String] { result.issues.map(\.code) }

    static let tableRow = TemplateRowPosition(scope: "word/document.xml", table: 1, row: 2)

    @Test func theWorkedExampleIsCleanForACertificate() throws {
        let inspection = try TemplateInspector().inspect(try DocxFixture.certificate.data(), declared: .docx)
        let result = TemplateCheck.check(inspection, dataItems: Self.items, kind: .certificate)
        #expect(result.issues == [])
        #expect(result.ok)
        #expect(result.reserved.compactMap(\.reservedRole) == [.signTester, .signReviewer, .signApprover, .seal, .qrCode, .certificateNumber])
    }

    @Test func theExcelExampleChecksToo() throws {
        let inspection = try TemplateInspector().inspect(try XlsxFixture.certificate.data(), declared: .xlsx)
        let result = TemplateCheck.check(inspection, dataItems: Self.items)
        #expect(result.ok)
        #expect(Set(result.warnings.map(\.field)) == ["model", "conclusion"])
    }

    @Test func aBookmarkNamingNoDataItemIsAnError() throws {
        let result = TemplateCheck.check(inspection([TemplateField(name: "clinet", location: "正文第 1 段")]), dataItems: Self.items)
        let issue = try #require(result.errors.first)
        #expect(issue.code == "TEMPLATE_UNKNOWN_BOOKMARK")
        #expect(issue.field == "clinet")
        #expect(issue.location == "正文第 1 段")
        #expect(issue.message.contains("没有对应的数据项"))
        #expect(!result.ok)
    }

    @Test func aDataItemWithoutBookmarkIsAWarning() {
        let result = TemplateCheck.check(inspection([TemplateField(name: "CLIENT", location: "正文第 1 段")]), dataItems: Self.items)
        #expect(result.ok)
        #expect(result.warnings.map(\.field) == ["model", "conclusion", "readings"])
        #expect(result.warnings.allSatisfy { $0.code == "TEMPLATE_ITEM_WITHOUT_BOOKMARK" })
        #expect(result.warnings.last?.message.contains("ROW_readings") == true)
    }

    @Test func reservedBookmarksAreRecognisedAndNeverUnknown() {
        let fields = TemplateReservedRole.allCases.map { TemplateField(name: $0.rawValue.lowercased(), location: "正文第 1 段") }
        let result = TemplateCheck.check(inspection(fields), dataItems: [])
        #expect(result.issues == [])
        #expect(result.reserved.count == TemplateReservedRole.allCases.count)
    }

    @Test func missingReservedBookmarksDependOnTheTemplateKind() {
        let fields = [TemplateField(name: "RECORD_NO", location: "页眉第 1 段"), TemplateField(name: "SIGN_TESTER", location: "正文第 9 段")]
        let raw = TemplateCheck.check(inspection(fields), dataItems: [], kind: .rawRecord)
        #expect(raw.warnings.map(\.field) == ["SIGN_REVIEWER"])
        let certificate = TemplateCheck.check(inspection(fields), dataItems: [], kind: .certificate)
        #expect(Set(certificate.warnings.map(\.field)) == ["CERT_NO", "SIGN_REVIEWER", "SIGN_APPROVER", "SEAL", "QR_CODE"])
        #expect(certificate.warnings.allSatisfy { $0.code == "TEMPLATE_RESERVED_MISSING" })
        #expect(certificate.ok)
        let custom = TemplateCheck.check(inspection(fields), dataItems: [], expectedReserved: [.seal])
        #expect(custom.warnings.map(\.field) == ["SEAL"])
        #expect(TemplateCheck.check(inspection(fields), dataItems: []).issues == [])
    }

    @Test func aDuplicateBookmarkIsAnError() {
        let fields = [TemplateField(name: "client", location: "正文第 1 段"), TemplateField(name: "Client", location: "页眉第 1 段")]
        let result = TemplateCheck.check(inspection(fields), dataItems: Self.items)
        let duplicate = result.errors.filter { $0.code == "TEMPLATE_DUPLICATE_BOOKMARK" }
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.message.contains("正文第 1 段") == true)
    }

    @Test func aRowBookmarkOutsideATableIsAnError() throws {
        let fixture = DocxFixture(body: OOXML.bookmarkParagraph(1, "ROW_readings", ""))
        let inspected = try TemplateInspector().inspect(try fixture.data(), declared: .docx)
        let result = TemplateCheck.check(inspected, dataItems: Self.items)
        #expect(codes(result).contains("TEMPLATE_ROW_OUTSIDE_TABLE"))
        #expect(!result.ok)
    }

    @Test func aRowOfSomethingThatIsNotATableIsUnknown() {
        let result = TemplateCheck.check(
            inspection([TemplateField(name: "ROW_model", location: "表格 1 第 2 行", row: Self.tableRow)]), dataItems: Self.items)
        #expect(result.errors.first?.code == "TEMPLATE_UNKNOWN_BOOKMARK")
        #expect(result.errors.first?.message.contains("不是读数表") == true)
    }

    @Test func anUnknownColumnIsAnError() {
        let fields = [
            TemplateField(name: "ROW_readings", location: "表格 1 第 2 行", row: Self.tableRow),
            TemplateField(name: "readings.temperature", location: "表格 1 第 2 行", row: Self.tableRow),
        ]
        let result = TemplateCheck.check(inspection(fields), dataItems: Self.items)
        let error = result.errors.first
        #expect(error?.code == "TEMPLATE_COLUMN_UNKNOWN")
        #expect(error?.message.contains("point、run、value") == true)
    }

    @Test("the reserved table STANDARDS may repeat a row in any template; an unknown column of it is still an error")
    func theStandardsTableIsReserved() {
        let fields = [
            TemplateField(name: "ROW_STANDARDS", location: "表格 2 第 2 行", row: Self.tableRow),
            TemplateField(name: "STANDARDS_name", location: "表格 2 第 2 行", row: Self.tableRow),
            TemplateField(name: "standards.certificate_no", location: "表格 2 第 2 行", row: Self.tableRow),
            TemplateField(name: "STANDARDS_valid_until", location: "表格 2 第 2 行", row: Self.tableRow),
        ]
        let accepted = TemplateCheck.check(inspection(fields), dataItems: Self.items)
        #expect(accepted.errors.isEmpty, "\(accepted.errors)")
        // A reserved table is no data item: a template without it draws no warning about it.
        let without = TemplateCheck.check(inspection([]), dataItems: Self.items)
        #expect(!without.issues.contains { $0.field.uppercased().contains("STANDARDS") })
        let refused = TemplateCheck.check(
            inspection(fields + [TemplateField(name: "STANDARDS_colour", location: "表格 2 第 2 行", row: Self.tableRow)]), dataItems: Self.items)
        #expect(refused.errors.map(\.code) == ["TEMPLATE_COLUMN_UNKNOWN"])
    }

    @Test func aColumnOutsideItsRepeatedRowIsAnError() {
        let otherRow = TemplateRowPosition(scope: "word/document.xml", table: 1, row: 3)
        let fields = [
            TemplateField(name: "ROW_readings", location: "表格 1 第 2 行", row: Self.tableRow),
            TemplateField(name: "readings.value", location: "表格 1 第 3 行", row: otherRow),
            TemplateField(name: "readings_run", location: "正文第 4 段"),
        ]
        let result = TemplateCheck.check(inspection(fields), dataItems: Self.items)
        #expect(result.errors.map(\.code) == ["TEMPLATE_COLUMN_OUTSIDE_ROW", "TEMPLATE_COLUMN_OUTSIDE_ROW"])
        // Columns never shown inside the repeated row are warned about one by one.
        #expect(result.warnings.map(\.field).filter { $0.hasPrefix("readings.") } == ["readings.point", "readings.run", "readings.value"])
    }

    @Test func aTableBookmarkedAsASingleValueIsAnError() {
        let result = TemplateCheck.check(inspection([TemplateField(name: "readings", location: "正文第 5 段")]), dataItems: Self.items)
        #expect(result.errors.first?.code == "TEMPLATE_TABLE_AS_VALUE")
    }

    @Test func aBrokenExcelReferenceIsAnError() {
        let field = TemplateField(name: "client", location: "#REF!", problem: "引用的不是单个工作表上的单元格或区域（#REF!）")
        let result = TemplateCheck.check(inspection([field], .xlsx), dataItems: Self.items)
        #expect(result.errors.first?.code == "TEMPLATE_BAD_REFERENCE")
        #expect(result.errors.first?.message.hasPrefix("名称“client”") == true)
    }

    @Test func tableCodesWithUnderscoresStillSplitCorrectly() {
        let row = Self.tableRow
        let items = [TemplateDataItem(code: "error_table", title: "误差", isTable: true, columns: ["run_no", "value"])]
        let fields = [
            TemplateField(name: "ROW_error_table", location: "表格 1 第 2 行", row: row),
            TemplateField(name: "error_table_run_no", location: "表格 1 第 2 行", row: row),
            TemplateField(name: "error_table_value", location: "表格 1 第 2 行", row: row),
        ]
        let inspected = inspection(fields)
        #expect(inspected.bookmarks[1].kind == .column(table: "error_table", column: "run_no"))
        #expect(TemplateCheck.check(inspected, dataItems: items).issues == [])
    }
}
