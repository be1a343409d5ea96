import Contracts
import Foundation
import Logging
import Messaging
import PostgresNIO
import RPCCore
import Testing

/// Reports (§4.2.5, §4.3.13) through the real platform: tasks from entry to certificate (CertificatesFixtures), and
/// the read model kept from their events answering statistics on any field, saved definitions, the .xlsx export read
/// back with openpyxl and LibreOffice, the zip through the gateway, and a rebuild by replay that gives the same tables.
@Suite("Reports: statistics from records' and certificates' events", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ReportsTests {
    typealias Query = Metrology_Reports_V1_StatisticsQuery

    static func filter(_ field: String, _ op: String, _ values: [String]) -> Metrology_Reports_V1_Filter {
        var filter = Metrology_Reports_V1_Filter()
        filter.field = field
        filter.op = op
        filter.values = values
        return filter
    }

    static let columns = [
        "raw_record_number", "state", "conclusion", "certificate_number", "certificate_kind", "tester_name", "reviewer_name", "approver_name",
        "instrument_manufacturer", "test_date", "data.mean1", "passed", "void_reason",
    ]

    @Test(
        "events to rows: a certificate, a voided notice and a pending task; filters of every kind, groups with pass rates, saved definitions, xlsx and zip exports, permissions, and a rebuild that gives the same tables"
    )
    func statistics() async throws {
        let cx = try await CertificatesFixtures.make("reports")
        defer { Task { await cx.close() } }
        let reader = try await cx.rx.person("reports-reader", roles: ["document_admin"])
        let supervisor = try await cx.rx.person("reports-supervisor", roles: ["supervisor"])

        // Three tasks of one item: passed and issued; failed, issued as a notice and voided; passed, awaiting approval.
        let passed = try await cx.reviewedTask()
        _ = try await cx.pendingApproval(passed.id)
        let certificate = try await cx.waitFor(try await cx.approve(passed.id, receipt: try await cx.approvalReceipt(passed.id).receipt).id) {
            $0.state != "issuing"
        }
        #expect(certificate.state == "issued")
        let failed = try await cx.reviewedTask(errors: ["0.50", "0.60", "0.40", "0.45"])
        _ = try await cx.pendingApproval(failed.id)
        let notice = try await cx.waitFor(try await cx.approve(failed.id, receipt: try await cx.approvalReceipt(failed.id).receipt).id) {
            $0.state != "issuing"
        }
        var void = Metrology_Certificates_V1_VoidCertificateRequest()
        void.id = notice.id
        void.reason = "委托单位名称填写错误"
        _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)
        let voided = try await cx.waitFor(notice.id) { $0.hasVoidedPdf }
        let pending = try await cx.reviewedTask()

        var query = Query()
        query.columns = Self.columns
        query.filters = [Self.filter("item_id", "eq", [cx.procedure.item.id])]
        var sort = Metrology_Reports_V1_SortKey()
        sort.field = "raw_record_number"
        query.sort = [sort]
        let all = try await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
            let page = try await cx.client.call(ReportsMethods.queryStatistics, query, options: reader.options)
            return page.total == 3 && Set(page.rows.map { $0.values[1] }) == ["issued", "voided", "reviewed"]
                && page.rows.contains { $0.values[12] == void.reason }
        }
        #expect(all, "the three tasks reach the read model with their certificates' states")
        let page = try await cx.client.call(ReportsMethods.queryStatistics, query, options: reader.options)
        let byTask = Dictionary(uniqueKeysWithValues: page.rows.map { ($0.taskID, $0) })
        let issuedRow = try #require(byTask[passed.id])
        #expect(issuedRow.values[0] == passed.rawRecordNumber && issuedRow.values[2] == "合格" && issuedRow.values[3] == certificate.number)
        #expect(issuedRow.values[4] == "certificate" && issuedRow.values[5] == cx.tester.person.user.displayName)
        #expect(issuedRow.values[7] == cx.approver.person.user.displayName && issuedRow.values[8] == "正星科技")
        #expect(issuedRow.values[9].count == 10 && issuedRow.values[11] == "true")
        #expect(issuedRow.certificateFileSha256 == certificate.pdf.sha256)
        let voidedRow = try #require(byTask[failed.id])
        #expect(voidedRow.values[2] == "不合格" && voidedRow.values[4] == "notice" && voidedRow.values[11] == "false")
        #expect(voidedRow.certificateFileSha256 == voided.voidedPdf.sha256, "a voided certificate's file is its voided copy")
        #expect(byTask[pending.id]?.values[3] == "")
        // The procedure's own data item, as a number.
        #expect(Decimal(string: issuedRow.values[10]).map { abs($0) < 1 } == true, "mean1 \(issuedRow.values[10])")

        // Filters of each kind combine; a data item filters numerically.
        func total(_ filters: [Metrology_Reports_V1_Filter], as person: RecordsFixtures.Person? = nil) async throws -> Int64 {
            var narrowed = Query()
            narrowed.filters = [Self.filter("item_id", "eq", [cx.procedure.item.id])] + filters
            return try await cx.client.call(ReportsMethods.queryStatistics, narrowed, options: (person ?? reader).options).total
        }
        #expect(try await total([Self.filter("conclusion", "in", ["不合格"])]) == 1)
        #expect(try await total([Self.filter("state", "eq", ["voided"]), Self.filter("void_reason", "contains", ["名称"])]) == 1)
        #expect(try await total([Self.filter("data.mean1", "range", ["0.3", ""])]) == 1)
        #expect(try await total([Self.filter("test_date", "range", [passed.testDate, passed.testDate])]) == 3)
        #expect(try await total([Self.filter("issued_at", "eq", [passed.testDate]), Self.filter("passed", "eq", ["true"])]) == 1)
        #expect(try await total([Self.filter("certificate_number", "eq", [certificate.number])]) == 1)
        #expect(try await total([Self.filter("instrument_name", "contains", ["%' OR 1=1 --"])]) == 0)

        // Grouped by conclusion: counts and pass rates. A supervisor (监管区域 33) sees none of these results: their
        // customers have no region (issue 19; ReportsSupervisorScopeTests shows what a supervisor does see).
        var grouped = Query()
        grouped.filters = query.filters
        grouped.groupBy = ["conclusion"]
        #expect(try await cx.client.call(ReportsMethods.queryStatistics, grouped, options: supervisor.options).total == 0)
        let groups = try await cx.client.call(ReportsMethods.queryStatistics, grouped, options: reader.options)
        #expect(groups.grouped && groups.total == 2)
        let pass = try #require(groups.rows.first { $0.values == ["合格"] })
        #expect(pass.count == 2 && pass.passed == 2 && pass.failed == 0 && pass.passRate == 1)
        let fail = try #require(groups.rows.first { $0.values == ["不合格"] })
        #expect(fail.count == 1 && fail.failed == 1 && fail.passRate == 0)

        // Refusals: an unknown field, a wrong operation, and who may not.
        var unknown = Query()
        unknown.columns = ["instrument_name", "users.password_hash"]
        let refused = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(ReportsMethods.queryStatistics, unknown, options: reader.options)
        }
        #expect(refused.reason == "REPORTS_FIELD_UNKNOWN")
        #expect(refused.details["field"] == "columns[1]")
        let desk = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(ReportsMethods.queryStatistics, query, options: cx.rx.desk.options)
        }
        #expect(desk.reason == "PERMISSION_DENIED")
        var exportRequest = Metrology_Reports_V1_ExportStatisticsRequest()
        exportRequest.query = query
        let noExport = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(ReportsMethods.exportStatistics, exportRequest, options: supervisor.options)
        }
        #expect(noExport.reason == "PERMISSION_DENIED")

        // The field catalogue: the fixed fields, the item among the enum options, the data items seen.
        let fields = try await cx.client.call(ReportsMethods.listReportFields, .init(), options: reader.options).fields
        #expect(fields.contains { $0.code == "instrument_manufacture_date" && $0.type == "date" && $0.title == "出厂日期" })
        #expect(fields.first { $0.code == "item_id" }?.options.contains { $0.value == cx.procedure.item.id } == true)
        #expect(fields.contains { $0.code == "data.mean1" && $0.type == "number" })

        try await savedReports(cx, reader: reader, query: query)
        try await exports(cx, reader: reader, query: query, certificate: certificate)
        try await rebuild(cx, reader: reader, query: query)
    }

    /// Saved per user; the same name replaces; deleting twice succeeds; another user sees none of them.
    func savedReports(_ cx: CertificatesFixtures, reader: RecordsFixtures.Person, query: Query) async throws {
        var save = Metrology_Reports_V1_SaveReportRequest()
        save.name = "本项目检定结果 \(UUID().uuidString.prefix(4))"
        save.definition = query
        let first = try await cx.client.call(ReportsMethods.saveReport, save, options: reader.options)
        save.definition.groupBy = ["conclusion"]
        save.definition.sort = []
        let second = try await cx.client.call(ReportsMethods.saveReport, save, options: reader.options)
        #expect(second.id == first.id && second.definition.groupBy == ["conclusion"])
        let listed = try await cx.client.call(ReportsMethods.listReports, .init(), options: reader.options).reports
        #expect(listed.filter { $0.name == save.name }.count == 1)
        let other = try await cx.rx.person("reports-other", roles: ["document_admin"])
        #expect(try await cx.client.call(ReportsMethods.listReports, .init(), options: other.options).reports.isEmpty)
        save.name = "   "
        let noName = try await expectRPCError(.invalidArgument) {
            _ = try await cx.client.call(ReportsMethods.saveReport, save, options: reader.options)
        }
        #expect(noName.reason == "REPORTS_FIELD_REQUIRED")
        var delete = Metrology_Reports_V1_DeleteReportRequest()
        delete.reportID = first.id
        #expect(try await cx.client.call(ReportsMethods.deleteReport, delete, options: reader.options).deleted)
        #expect(try await !cx.client.call(ReportsMethods.deleteReport, delete, options: reader.options).deleted)
    }

    /// The .xlsx through the RPC's chunks, read with openpyxl (types) and LibreOffice; the zip through the gateway.
    func exports(
        _ cx: CertificatesFixtures, reader: RecordsFixtures.Person, query: Query, certificate: Metrology_Certificates_V1_Certificate
    )
        async throws
    {
        var request = Metrology_Reports_V1_ExportStatisticsRequest()
        request.query = query
        request.length = 4096
        var chunk = try await cx.client.call(ReportsMethods.exportStatistics, request, options: reader.options.withTimeout(.seconds(60)))
        #expect(chunk.rows == 3 && chunk.filename.hasSuffix(".xlsx") && chunk.filename.hasPrefix("统计报表-"))
        var file = chunk.content
        while !chunk.last {
            request.exportID = chunk.exportID
            request.offset = Int64(file.count)
            chunk = try await cx.client.call(ReportsMethods.exportStatistics, request, options: reader.options)
            file += chunk.content
        }
        #expect(Int64(file.count) == chunk.size)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("report.xlsx")
        try file.write(to: path)
        if let state = TestEnvironment.values["METROLOGY_TEST_STATE"] {
            try? FileManager.default.createDirectory(atPath: state + "/samples", withIntermediateDirectories: true)
            try? file.write(to: URL(fileURLWithPath: state + "/samples/statistics.xlsx"))
        }
        let python = try #require(Self.python, "a Python with openpyxl (Tests/Browser/requirements.txt)")
        let script = """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            rows = list(ws.iter_rows(values_only=True))
            print(ws.freeze_panes, ws['A1'].font.b, ws.max_row)
            print('|'.join(str(v) for v in rows[0]))
            for row in rows[1:]:
                print('|'.join(type(v).__name__ for v in row))
                print('|'.join('' if v is None else str(v) for v in row))
            """
        let read = try await Spawn.output(python, ["-c", script, path.path])
        let lines = read.split(separator: "\n").map(String.init)
        #expect(lines.first == "A2 True 4", "\(read)")
        #expect(lines.count > 1 && lines[1].hasPrefix("原始记录编号|状态|检定结论|证书编号|证书类型"), "\(read)")
        let issued = try #require(lines.firstIndex { $0.contains(certificate.number) }, "\(read)")
        let types = lines[issued - 1].split(separator: "|", omittingEmptySubsequences: false)
        #expect(types[9] == "datetime", "test date as a date: \(lines[issued - 1])")
        #expect(types[10] == "float" || types[10] == "int", "a data item as a number: \(lines[issued - 1])")
        #expect(lines[issued].contains("已签发") && lines[issued].contains("检定证书") && lines[issued].contains("是"), "\(lines[issued])")
        // LibreOffice reads it too (the converter the platform uses for documents); 76: the CSV written as UTF-8.
        _ = try await Spawn.output(
            "/usr/bin/soffice",
            [
                "--headless", "--norestore", "-env:UserInstallation=file://\(directory.path)/lo", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", directory.path, path.path,
            ])
        let csv = (try? String(contentsOf: directory.appendingPathComponent("report.csv"), encoding: .utf8)) ?? ""
        #expect(csv.contains(certificate.number) && csv.contains("合格"), "LibreOffice's CSV: \(csv.prefix(400))")

        // The zip through the gateway: the sheet and the certificates' PDFs (the voided one's voided copy).
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "columns": ["certificate_number"],
                "filters": [
                    ["field": "item_id", "op": "eq", "values": [cx.procedure.item.id]]
                ],
            ]), as: UTF8.self)
        var components = URLComponents(string: "/v1/reports/export.zip")!
        components.queryItems = [URLQueryItem(name: "query", value: json)]
        let response = try await http("GET", components.percentEncodedQuery.map { "/v1/reports/export.zip?\($0)" } ?? "", token: reader.token)
        #expect(response.status == 200 && response.contentType == "application/zip", "\(response.status) \(response.text.prefix(300))")
        let zip = directory.appendingPathComponent("export.zip")
        try response.body.write(to: zip)
        let listing = try await Spawn.output("/usr/bin/unzip", ["-l", zip.path])
        #expect(listing.contains("统计报表.xlsx") && listing.contains("证书/\(certificate.number).pdf"), "\(listing)")
        #expect(listing.split(separator: "\n").filter { $0.contains(".pdf") }.count == 2, "\(listing)")
        let test = try await Spawn.output("/usr/bin/unzip", ["-t", zip.path])
        #expect(test.contains("No errors detected"), "\(test)")
        let bad = try await http("GET", "/v1/reports/export.xlsx?query=%7Bnot-json", token: reader.token)
        #expect(bad.status == 400 && bad.text.contains("REPORTS_QUERY_INVALID"), "\(bad.text)")
    }

    /// The tables as they are, then rebuilt from the producers' logs (while nothing else runs), give the same rows.
    func rebuild(_ cx: CertificatesFixtures, reader: RecordsFixtures.Person, query: Query) async throws {
        let before = try await Self.snapshot()
        #expect(before.rows > 0)
        let notAdmin = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(ReportsMethods.rebuildReadModel, .init(), options: reader.options)
        }
        #expect(notAdmin.reason == "PERMISSION_DENIED")
        let started = try await cx.client.call(ReportsMethods.rebuildReadModel, .init(), options: cx.rx.admin)
        #expect(started.state == "rebuilding")
        let ready = try await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
            let status = try await cx.client.call(ReportsMethods.getReadModelStatus, .init(), options: reader.options)
            return status.state == "ready" && status.hasRebuiltAt
        }
        #expect(ready)
        let after = try await Self.snapshot()
        #expect(after == before, "rebuilt: \(after.rows) rows, before: \(before.rows)")
        // Replayed again on top of what is there (the live events and the replay meet in the inbox): one row each.
        let status = try await cx.client.call(ReportsMethods.getReadModelStatus, .init(), options: reader.options)
        #expect(status.rows == before.rows)
        let lagSettles = try await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
            try await cx.client.call(ReportsMethods.getReadModelStatus, .init(), options: reader.options).lagEvents == 0
        }
        #expect(lagSettles, "the lag check finds every event applied")
    }

    struct Snapshot: Equatable {
        var rows: Int64
        var results: String
        var dataFields: String
    }

    /// Every row of `results` (less `updated_at`, the time of the write) and `data_fields`, hashed in key order.
    static func snapshot() async throws -> Snapshot {
        try await withDatabase(TestEnvironment.database(schema: "reports")) { database in
            let rows = try await database.query(
                """
                SELECT count(*), coalesce(md5(string_agg((to_jsonb(r) - 'updated_at')::text, '|' ORDER BY task_id)), '') FROM results r
                """, logger: TestEnvironment.logger)
            var snapshot = Snapshot(rows: 0, results: "", dataFields: "")
            for try await (count, hash) in rows.decode((Int64, String).self) { (snapshot.rows, snapshot.results) = (count, hash) }
            let fields = try await database.query(
                """
                SELECT coalesce(string_agg(code || ':' || numeric::text || ':' || array_to_string(item_codes, ','), '|' ORDER BY code), '')
                FROM data_fields
                """, logger: TestEnvironment.logger)
            for try await text in fields.decode(String.self) { snapshot.dataFields = text }
            return snapshot
        }
    }

    /// A Python that imports openpyxl: the browser tests' environment (Tests/Browser/requirements.txt), else Debian's.
    static let python: String? = {
        let root = TestEnvironment.values["METROLOGY_TEST_ROOT"] ?? FileManager.default.currentDirectoryPath
        return [TestEnvironment.values["METROLOGY_TEST_PYTHON"], root + "/deploy/local/state/browser-venv/bin/python", "/usr/bin/python3"]
            .compactMap { $0 }
            .first { candidate in
                guard FileManager.default.isExecutableFile(atPath: candidate) else { return false }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: candidate)
                process.arguments = ["-c", "import openpyxl"]
                process.standardError = FileHandle.nullDevice
                guard (try? process.run()) != nil else { return false }
                process.waitUntilExit()
                return process.terminationStatus == 0
            }
    }()
}
