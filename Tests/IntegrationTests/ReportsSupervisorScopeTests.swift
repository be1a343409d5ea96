import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// What a government supervisor (政府监督员) sees in reports (issue 19), through the real platform: results of one
/// item issued for three customers — mandatory verification in Hubei, not mandatory in Hubei, mandatory in Zhejiang.
/// A supervisor for region 42 sees only the first in statistics pages and counts, groups, option lists, an export and
/// the evaluation; an ordinary 报表查询 holder sees all three.
@Suite("Reports: a supervisor sees mandatory results of their region only", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ReportsSupervisorScopeTests {
    typealias Query = Metrology_Reports_V1_StatisticsQuery

    /// An issued result for a customer in `region`, its instrument under mandatory verification or not; the customer
    /// and instrument are changed before the task starts, so the events carry both.
    static func issued(_ cx: CertificatesFixtures, region: String, mandatory: Bool) async throws -> Metrology_Records_V1_Task {
        let (_, accepted) = try await cx.rx.acceptedTask(procedure: cx.procedure, tester: cx.tester.person)
        var customer = Metrology_Records_V1_UpdateCustomerRequest()
        customer.customerID = accepted.customerID
        customer.regionCode = region
        _ = try await cx.client.call(RecordsMethods.updateCustomer, customer, options: cx.rx.desk.options)
        if !mandatory {
            var instrument = Metrology_Records_V1_UpdateInstrumentRequest()
            instrument.instrumentID = accepted.instrument.id
            instrument.mandatory = false
            instrument.mandatoryUse = ""
            _ = try await cx.client.call(RecordsMethods.updateInstrument, instrument, options: cx.rx.desk.options)
        }
        let started = try await cx.rx.start(accepted.id, as: cx.tester.person, standards: try await cx.rx.chosenStandards(for: cx.procedure))
        try await cx.enterAll(started.id, errors: ["0.10", "0.12", "-0.05", "0.08"])
        let task = try await cx.submitAndReview(started.id)
        _ = try await cx.pendingApproval(task.id)
        let certificate = try await cx.approve(task.id, receipt: try await cx.approvalReceipt(task.id).receipt)
        #expect(try await cx.waitFor(certificate.id) { $0.state != "issuing" }.state == "issued")
        return task
    }

    /// A person signed in on the console; a supervisor with `region`.
    static func person(_ cx: CertificatesFixtures, _ prefix: String, roles: [String], region: String? = nil) async throws -> RecordsFixtures.Person {
        let user = try await cx.rx.fx.createUser(prefix, roles: roles, supervisionRegion: region)
        #expect(user.supervisionRegion == (region ?? ""))
        return RecordsFixtures.Person(user: user, token: try await cx.rx.fx.login(user.username).accessToken, deviceID: nil)
    }

    @Test("statistics, groups, options, export, evaluation and drift: the supervisor of 42 sees only the mandatory result of 42; a reader sees all")
    func scope() async throws {
        let cx = try await CertificatesFixtures.make("svscope")
        defer { Task { await cx.close() } }
        let suffix = String(format: "%02d", Int.random(in: 10...99))
        let hubei = "4201" + suffix
        let zhejiang = "3301" + suffix

        // A role that may also export, so that one supervisor reads every kind of answer.
        var role = Metrology_Identity_V1_CreateRoleRequest()
        role.code = "sv_export_" + UUID().uuidString.prefix(8).lowercased()
        role.name = "监督导出" + suffix
        role.permissions = ["reports.query", "reports.export"]
        _ = try await cx.client.call(IdentityMethods.createRole, role, options: cx.rx.admin)
        let supervisor = try await Self.person(cx, "sv-42", roles: ["supervisor", role.code], region: "42")
        let reader = try await Self.person(cx, "sv-reader", roles: ["document_admin", role.code])

        let shown = try await Self.issued(cx, region: hubei, mandatory: true)
        let voluntary = try await Self.issued(cx, region: hubei, mandatory: false)
        let elsewhere = try await Self.issued(cx, region: zhejiang, mandatory: true)

        var query = Query()
        query.columns = ["customer_name", "customer_region_code", "instrument_mandatory"]
        var item = Metrology_Reports_V1_Filter()
        item.field = "item_id"
        item.op = "eq"
        item.values = [cx.procedure.item.id]
        query.filters = [item]
        let arrived = try await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
            let page = try await cx.client.call(ReportsMethods.queryStatistics, query, options: reader.options)
            return page.total == 3 && Set(page.rows.map(\.values[1])) == [hubei, zhejiang] && page.rows.contains { $0.values[2] == "false" }
        }
        #expect(arrived, "the three results reach the read model with their regions and mandatory flags")
        // The evaluation counts issued certificates only, and each certificate's issue is an event of its own that
        // may reach reports after its result (CI on a slow host saw the third one late): wait for all three.
        var issuedQuery = Metrology_Reports_V1_EvaluationQuery()
        issuedQuery.itemID = cx.procedure.item.id
        issuedQuery.dimension = "model"
        let allIssued = try await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
            try await cx.client.call(ReportsMethods.evaluateFailureRates, issuedQuery, options: reader.options).field.total == 3
        }
        #expect(allIssued, "the three certificates' issue reaches the read model")

        // Plain rows and their count.
        let all = try await cx.client.call(ReportsMethods.queryStatistics, query, options: reader.options)
        #expect(Set(all.rows.map(\.taskID)) == [shown.id, voluntary.id, elsewhere.id])
        let own = try await cx.client.call(ReportsMethods.queryStatistics, query, options: supervisor.options)
        #expect(own.total == 1 && own.rows.map(\.taskID) == [shown.id])

        // Groups: by customer, only the one customer; a filter cannot widen the scope.
        var grouped = query
        grouped.columns = []
        grouped.groupBy = ["customer_region_code"]
        let groups = try await cx.client.call(ReportsMethods.queryStatistics, grouped, options: supervisor.options)
        #expect(groups.total == 1 && groups.rows.first?.values == [hubei] && groups.rows.first?.count == 1)
        #expect(try await cx.client.call(ReportsMethods.queryStatistics, grouped, options: reader.options).total == 2)
        var widened = query
        var region = Metrology_Reports_V1_Filter()
        region.field = "customer_region_code"
        region.op = "in"
        region.values = [hubei, zhejiang]
        widened.filters.append(region)
        #expect(try await cx.client.call(ReportsMethods.queryStatistics, widened, options: supervisor.options).total == 1)

        // Option lists name no other region (nor the customers behind them).
        func regionOptions(_ person: RecordsFixtures.Person) async throws -> [String] {
            let fields = try await cx.client.call(ReportsMethods.listReportFields, .init(), options: person.options).fields
            return fields.first { $0.code == "customer_region_code" }?.options.map(\.value) ?? []
        }
        let supervised = try await regionOptions(supervisor)
        #expect(supervised.contains(hubei) && supervised.allSatisfy { $0.hasPrefix("42") })
        #expect(try await regionOptions(reader).contains(zhejiang))

        // The export counts and writes only the supervisor's rows.
        var export = Metrology_Reports_V1_ExportStatisticsRequest()
        export.query = query
        #expect(try await cx.client.call(ReportsMethods.exportStatistics, export, options: supervisor.options).rows == 1)
        #expect(try await cx.client.call(ReportsMethods.exportStatistics, export, options: reader.options).rows == 3)

        // The evaluation: the field and the groups of the item.
        var evaluation = Metrology_Reports_V1_EvaluationQuery()
        evaluation.itemID = cx.procedure.item.id
        evaluation.dimension = "customer"
        let report = try await cx.client.call(ReportsMethods.evaluateFailureRates, evaluation, options: supervisor.options)
        #expect(report.field.total == 1 && report.groups.count == 1 && report.groups.first?.total == 1)
        evaluation.dimension = "model"
        #expect(try await cx.client.call(ReportsMethods.evaluateFailureRates, evaluation, options: reader.options).field.total == 3)
        let trends = try await cx.client.call(ReportsMethods.evaluateTrends, evaluation, options: supervisor.options)
        #expect(trends.series.allSatisfy { $0.points.reduce(0) { $0 + $1.total } <= 1 })

        // Drift reads one instrument's results: the supervisor gets those of the shown instrument only.
        func drift(_ task: Metrology_Records_V1_Task, as person: RecordsFixtures.Person) async throws -> Metrology_Reports_V1_DriftReport {
            var request = Metrology_Reports_V1_DriftQuery()
            request.instrumentID = task.instrument.id
            request.errorItem = "E"
            request.mpeValue = 1
            return try await cx.client.call(ReportsMethods.evaluateDrift, request, options: person.options)
        }
        #expect(try await drift(shown, as: supervisor).instrumentName == shown.instrument.name)
        let hidden = try await drift(elsewhere, as: supervisor)
        #expect(hidden.instrumentName.isEmpty && hidden.points.isEmpty && hidden.message.contains("尚无"))
        #expect(try await drift(voluntary, as: supervisor).instrumentName.isEmpty)

        // A supervisor of another province sees none of it.
        let other = try await Self.person(cx, "sv-11", roles: ["supervisor"], region: "11")
        #expect(try await cx.client.call(ReportsMethods.queryStatistics, query, options: other.options).total == 0)
        #expect(try await cx.client.call(ReportsMethods.evaluateFailureRates, evaluation, options: other.options).field.total == 0)
    }
}
