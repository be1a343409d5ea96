import Contracts
import Foundation
import Logging
import Messaging
import PostgresNIO
import RPCCore
import SwiftProtobuf
import Testing

/// Data entry through the real broker and database (issue 16): values in the procedure's order, going back and
/// recomputing, offline batches applied once with per-value conflicts, values checked against their data item.
@Suite("Records: data entry", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsEntryTests {
    /// The fixtures' procedure with bounds and a resolution on the reading. Inputs in order (after the ten
    /// optional header fields): reading, standard_volume, errors[1,1], errors[1,2], errors[2,1], errors[2,2].
    static var items: [Metrology_Flows_V1_DataItem] {
        RecordsFixtures.procedureItems.map { item in
            var item = item
            if item.code == "reading" {
                item.min = "0"
                item.max = "100"
                item.resolution = "0.01"
            }
            return item
        }
    }

    struct Setup: Sendable {
        let records: RecordsFixtures
        let procedure: RecordsFixtures.Procedure
        let tester: RecordsFixtures.Person
        let taskID: String

        static func make(_ name: String) async throws -> Setup {
            let records = try await RecordsFixtures.make(name)
            let procedure = try await records.publishedProcedure(name, items: RecordsEntryTests.items)
            let tester = try await records.tester(for: procedure)
            let taskID = try await startedTask(procedure: procedure, tester: tester)
            return Setup(records: records, procedure: procedure, tester: tester, taskID: taskID)
        }

        /// A task in progress for `tester`, written straight into the records schema: entry needs only the task row
        /// (its pinned procedure, tester and state), not the desk work before it (commissions and StartTask have
        /// their own suites; RecordsFixtures.startedTask goes through them).
        static func startedTask(procedure: RecordsFixtures.Procedure, tester: RecordsFixtures.Person) async throws -> String {
            let (customer, instrument, commission, line, task) = (UUID(), UUID(), UUID(), UUID(), UUID())
            let suffix = UUID().uuidString.prefix(8)
            let logger = Logger(label: "entry-test")
            try await withDatabase(TestEnvironment.database(schema: "records")) { database in
                try await database.withTransaction(logger: logger) { connection in
                    try await connection.query("INSERT INTO customers (id, name) VALUES (\(customer), \("录入测试单位" + suffix))", logger: logger)
                    try await connection.query(
                        "INSERT INTO instruments (id, customer_id, name, serial_number) VALUES (\(instrument), \(customer), '燃油加油机', \(String(suffix)))",
                        logger: logger)
                    try await connection.query(
                        """
                        INSERT INTO commissions (id, number, customer_id, source, requested_on, state)
                        VALUES (\(commission), \("WT-E-" + suffix), \(customer), 'desk', '2026-12-01', 'in_progress')
                        """, logger: logger)
                    try await connection.query(
                        """
                        INSERT INTO commission_lines (id, commission_id, position, instrument_id, instrument_name, item_id, item_code, item_name, type_code,
                                                      tester_id, task_id)
                        VALUES (\(line), \(commission), 1, \(instrument), '燃油加油机', \(procedure.item.id), \(procedure.item.code), \(procedure.item.name),
                                \(procedure.typeCode), \(tester.user.id), \(task))
                        """, logger: logger)
                    try await connection.query(
                        """
                        INSERT INTO tasks (id, commission_id, line_id, customer_id, instrument_id, item_id, item_code, item_name, type_code,
                                           procedure_version, raw_record_number, state, tester_id, tester_name, device_id, test_date, started_at)
                        VALUES (\(task), \(commission), \(line), \(customer), \(instrument), \(procedure.item.id), \(procedure.item.code),
                                \(procedure.item.name), \(procedure.typeCode), \(procedure.version), \("YS-E-" + suffix), 'in_progress',
                                \(tester.user.id), \(tester.user.displayName), \(tester.deviceID ?? ""), '2026-12-02', now())
                        """, logger: logger)
                }
            }
            return task.uuidString.lowercased()
        }

        func enter(
            _ code: String, _ value: String, point: Int32 = 0, run: Int32 = 0, base: Int32 = 0, reason: String = "", messageID: String? = nil
        ) async throws -> Metrology_Records_V1_EntryResult {
            var request = Metrology_Records_V1_EnterValueRequest()
            request.taskID = taskID
            request.cell = RecordsEntryTests.cell(code, point, run)
            request.value = value
            request.baseRevision = base
            request.reason = reason
            let options = messageID.map { tester.options(messageID: $0) } ?? tester.options
            return try await records.client.call(RecordsMethods.enterValue, request, options: options)
        }

        func batch(_ values: [Metrology_Records_V1_OfflineValue], messageID: String? = nil) async throws -> Metrology_Records_V1_OfflineBatchResult {
            var request = Metrology_Records_V1_EnterOfflineBatchRequest()
            request.taskID = taskID
            request.values = values
            let options = messageID.map { tester.options(messageID: $0) } ?? tester.options
            return try await records.client.call(RecordsMethods.enterOfflineBatch, request, options: options)
        }
    }

    static func cell(_ code: String, _ point: Int32 = 0, _ run: Int32 = 0) -> Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = code
        cell.point = point
        cell.run = run
        return cell
    }

    static func offline(
        _ clientID: String, _ code: String, _ text: String, point: Int32 = 0, run: Int32 = 0, base: Int32, capturedAt: Date = Date()
    ) -> Metrology_Records_V1_OfflineValue {
        var value = Metrology_Records_V1_OfflineValue()
        value.clientID = clientID
        value.cell = cell(code, point, run)
        value.value = text
        value.baseRevision = base
        value.capturedAt = Google_Protobuf_Timestamp(date: capturedAt)
        return value
    }

    static func computed(_ result: Metrology_Records_V1_EntryResult, _ code: String) -> String? {
        result.computed.first { $0.cell.itemCode == code }?.value
    }

    @Test("a value for a later step is refused RECORDS_STEP_OUT_OF_ORDER naming the step expected next")
    func orderEnforced() async throws {
        let setup = try await Setup.make("entry-order")
        defer { Task { await setup.records.close() } }
        let refused = try await expectRPCError(.failedPrecondition) { _ = try await setup.enter("standard_volume", "20.00") }
        #expect(refused.reason == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(refused.details["expectedItemCode"] == "reading")
        #expect(refused.details["expectedTitle"] == "加油机示值")
        #expect(refused.message.contains("“加油机示值”（reading）"))

        let first = try await setup.enter("reading", "20.05")
        #expect(first.revision == 1)
        #expect(first.nextStep.cell.itemCode == "standard_volume")
        let second = try await setup.enter("standard_volume", "20.00")
        #expect(second.nextStep.cell.itemCode == "errors" && second.nextStep.cell.point == 1 && second.nextStep.cell.run == 1)
        #expect(Self.computed(second, "volume_error") == "0.05")
        // Table cells go point by point, run by run.
        let skipped = try await expectRPCError(.failedPrecondition) { _ = try await setup.enter("errors", "0.10", point: 2, run: 1) }
        #expect(skipped.reason == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(skipped.details["expectedPoint"] == "1" && skipped.details["expectedRun"] == "1")
        // A computed item is not a cell one enters.
        let computedCell = try await expectRPCError(.invalidArgument) { _ = try await setup.enter("volume_error", "1") }
        #expect(computedCell.reason == "RECORDS_CELL_UNKNOWN")
    }

    @Test("going back re-opens the later values and recomputes with the new value; the same value again confirms")
    func goingBackRecomputes() async throws {
        let setup = try await Setup.make("entry-back")
        defer { Task { await setup.records.close() } }
        _ = try await setup.enter("reading", "20.05")
        _ = try await setup.enter("standard_volume", "20.00")
        _ = try await setup.enter("errors", "0.10", point: 1, run: 1)
        let done = try await setup.enter("errors", "0.20", point: 1, run: 2)
        #expect(Self.computed(done, "mean1") == "0.15")
        #expect(Self.computed(done, "volume_error") == "0.05")

        let back = try await setup.enter("reading", "20.10")
        #expect(back.revision == done.revision + 1)
        #expect(Set(back.reopened.map { "\($0.itemCode)[\($0.point),\($0.run)]" }) == ["standard_volume[0,0]", "errors[1,1]", "errors[1,2]"])
        #expect(Self.computed(back, "volume_error") == "0.10")
        #expect(Self.computed(back, "mean1") == "0.15")
        #expect(back.nextStep.cell.itemCode == "standard_volume")

        // Re-opened values are confirmed in order: the first one first.
        let early = try await expectRPCError(.failedPrecondition) { _ = try await setup.enter("errors", "0.10", point: 1, run: 1) }
        #expect(early.reason == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(early.details["expectedItemCode"] == "standard_volume")
        let confirmed = try await setup.enter("standard_volume", "20.00")
        #expect(confirmed.reopened.isEmpty)
        #expect(!confirmed.value.reopened)
        #expect(confirmed.nextStep.cell.itemCode == "errors" && confirmed.nextStep.cell.run == 1)

        // The history kept every change with its old value.
        try await withDatabase(TestEnvironment.database(schema: "records")) { database in
            var changes: [String] = []
            for try await (old, new) in try await database.query(
                "SELECT old_value, new_value FROM value_history WHERE task_id = \(UUID(uuidString: setup.taskID)!) AND item_code = 'reading' ORDER BY id",
                logger: Logger(label: "entry-test")
            ).decode((String, String).self) {
                changes.append("\(old)→\(new)")
            }
            #expect(changes == ["→20.05", "20.05→20.10"])
        }
    }

    @Test("a value outside its data item's range is refused RECORDS_VALUE_OUT_OF_RANGE naming the bounds; a stale revision RECORDS_REVISION_CONFLICT")
    func valueRules() async throws {
        let setup = try await Setup.make("entry-range")
        defer { Task { await setup.records.close() } }
        let range = try await expectRPCError(.invalidArgument) { _ = try await setup.enter("reading", "120") }
        #expect(range.reason == "RECORDS_VALUE_OUT_OF_RANGE")
        #expect(range.message.contains("0 到 100 L"))
        #expect(range.details["itemCode"] == "reading")
        let resolution = try await expectRPCError(.invalidArgument) { _ = try await setup.enter("reading", "20.005") }
        #expect(resolution.reason == "RECORDS_VALUE_RESOLUTION")
        let unit = try await expectRPCError(.invalidArgument) { _ = try await setup.enter("reading", "20.00 mL") }
        #expect(unit.reason == "RECORDS_VALUE_UNIT")
        let first = try await setup.enter("reading", "20.00 L", base: 0)
        #expect(first.value.value == "20.00" && first.value.unit == "L")
        // base_revision 0 means "no check", so the stale base must be a real earlier revision: change the first
        // value once more, then write with the revision the first answer gave.
        let second = try await setup.enter("reading", "20.01", base: first.revision)
        #expect(second.revision > first.revision)
        let stale = try await expectRPCError(.aborted) { _ = try await setup.enter("standard_volume", "20.00", base: first.revision) }
        #expect(stale.reason == "RECORDS_REVISION_CONFLICT")
        _ = try await setup.enter("standard_volume", "20.00", base: second.revision)
    }

    @Test("an offline batch replayed (same or new message id) applies each client id once and gives one result")
    func offlineReplay() async throws {
        let setup = try await Setup.make("entry-offline")
        defer { Task { await setup.records.close() } }
        let captured = Date(timeIntervalSince1970: 1_800_000_000)
        let values = [
            Self.offline("c1", "reading", "20.05", base: 0, capturedAt: captured),
            Self.offline("c2", "standard_volume", "20.00", base: 0, capturedAt: captured),
            Self.offline("c3", "errors", "0.10", point: 1, run: 1, base: 0, capturedAt: captured),
        ]
        let key = UUID().uuidString
        let once = try await setup.batch(values, messageID: key)
        #expect(once.outcomes.map(\.outcome) == ["accepted", "accepted", "accepted"])
        #expect(once.revision == 3)
        let retried = try await setup.batch(values, messageID: key)
        #expect(retried == once)
        let replayed = try await setup.batch(values)
        #expect(replayed.outcomes.map(\.outcome) == ["already_applied", "already_applied", "already_applied"])
        #expect(replayed.revision == 3)
        #expect(replayed.computed == once.computed)
        #expect(Self.computed(Self.replayedAsEntry(replayed), "volume_error") == "0.05")

        let task = try await setup.records.task(setup.taskID, as: setup.tester)
        #expect(task.revision == 3)
        #expect(task.values.count == 3)
        #expect(task.values.allSatisfy { $0.capturedAt.date == captured })
    }

    @Test("a conflicting or invalid offline value is reported on its own and the others are applied")
    func offlineConflict() async throws {
        let setup = try await Setup.make("entry-conflict")
        defer { Task { await setup.records.close() } }
        _ = try await setup.enter("reading", "20.05")
        let changed = try await setup.enter("reading", "20.06")
        // Captured offline at revision 1: the reading changed since (revision 2).
        let result = try await setup.batch([
            Self.offline("k1", "reading", "20.07", base: 1),
            Self.offline("k2", "standard_volume", "20.00", base: 1),
            Self.offline("k3", "errors", "abc", point: 1, run: 1, base: 1),
            Self.offline("k4", "errors", "0.10", point: 2, run: 1, base: 1),
            Self.offline("k5", "errors", "0.10", point: 1, run: 1, base: 1),
        ])
        #expect(result.outcomes.map(\.outcome) == ["conflict", "accepted", "invalid", "invalid", "accepted"])
        #expect(result.outcomes[0].reason == "RECORDS_OFFLINE_CONFLICT")
        #expect(result.outcomes[2].reason == "RECORDS_VALUE_INVALID")
        #expect(result.outcomes[3].reason == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(result.revision == changed.revision + 2)
        #expect(result.nextStep.cell.itemCode == "errors" && result.nextStep.cell.run == 2)
        let task = try await setup.records.task(setup.taskID, as: setup.tester)
        #expect(task.values.first { $0.cell.itemCode == "reading" }?.value == "20.06")
        #expect(task.values.first { $0.cell.itemCode == "standard_volume" }?.value == "20.00")
    }

    @Test(
        "going back re-opens at a new revision: an older offline confirmation is RECORDS_OFFLINE_CONFLICT; a batch may confirm what it re-opened"
    )
    func reopenedRevision() async throws {
        let setup = try await Setup.make("entry-reopen-rev")
        defer { Task { await setup.records.close() } }
        _ = try await setup.enter("reading", "20.05")
        _ = try await setup.enter("standard_volume", "20.00")
        let third = try await setup.enter("errors", "0.10", point: 1, run: 1)
        #expect(third.revision == 3)
        // Online, back to the reading: the volume and the error are re-opened at revision 4.
        let back = try await setup.enter("reading", "20.06")
        #expect(back.revision == 4)
        #expect(Set(back.reopened.map(\.itemCode)) == ["standard_volume", "errors"])

        // Captured offline at revision 3, before the reading changed: confirming the volume then is no confirmation now.
        let stale = try await setup.batch([Self.offline("s1", "standard_volume", "20.00", base: 3)])
        #expect(stale.outcomes.map(\.outcome) == ["conflict"])
        #expect(stale.outcomes[0].reason == "RECORDS_OFFLINE_CONFLICT")

        // A batch captured at revision 4 changes the reading again and confirms what that re-opened: all accepted.
        let own = try await setup.batch([
            Self.offline("o1", "reading", "20.07", base: 4),
            Self.offline("o2", "standard_volume", "20.00", base: 4),
            Self.offline("o3", "errors", "0.15", point: 1, run: 1, base: 4),
        ])
        #expect(own.outcomes.map(\.outcome) == ["accepted", "accepted", "accepted"])
        let task = try await setup.records.task(setup.taskID, as: setup.tester)
        #expect(task.values.allSatisfy { !$0.reopened })
        #expect(task.values.first { $0.cell.itemCode == "reading" }?.value == "20.07")
    }

    @Test("entry needs a phone session: the tester's console session is refused RECORDS_DEVICE_REQUIRED; the same value again writes no audit entry")
    func entryNeedsDeviceAndNoOpIsSilent() async throws {
        let setup = try await Setup.make("entry-device")
        defer { Task { await setup.records.close() } }
        let console = RecordsFixtures.Person(
            user: setup.tester.user, token: try await setup.records.fx.login(setup.tester.user.username).accessToken, deviceID: nil)
        var request = Metrology_Records_V1_EnterValueRequest()
        request.taskID = setup.taskID
        request.cell = Self.cell("reading")
        request.value = "20.05"
        let refused = try await expectRPCError(.failedPrecondition) {
            _ = try await setup.records.client.call(RecordsMethods.enterValue, request, options: console.options)
        }
        #expect(refused.reason == "RECORDS_DEVICE_REQUIRED")

        let first = try await setup.enter("reading", "20.05")
        let entries = try await Self.auditEntries(task: setup.taskID)
        let again = try await setup.enter("reading", "20.05")
        #expect(again.revision == first.revision)
        #expect(try await Self.auditEntries(task: setup.taskID) == entries)
    }

    @Test("an offline batch leaves the record as the same values entered one by one: values, re-opened cells, revisions and history")
    func batchEqualsOneByOne() async throws {
        let setup = try await Setup.make("entry-batch-same")
        defer { Task { await setup.records.close() } }
        let other = try await Setup.startedTask(procedure: setup.procedure, tester: setup.tester)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // Both tasks begin with four values online (revisions 1–4).
        let prefix: [(String, String, Int32, Int32)] = [
            ("reading", "20.05", 0, 0), ("standard_volume", "20.00", 0, 0), ("errors", "0.10", 1, 1), ("errors", "0.11", 1, 2),
        ]
        // Then: back to the reading (re-opens the other three), confirm the volume, change it, change errors[1,1], and
        // back to the reading again (re-opens the volume and errors[1,1]; errors[1,2] stays re-opened at revision 5).
        let rest: [(String, String, Int32, Int32)] = [
            ("reading", "20.06", 0, 0), ("standard_volume", "20.00", 0, 0), ("standard_volume", "20.02", 0, 0), ("errors", "0.12", 1, 1),
            ("reading", "20.07", 0, 0),
        ]
        var online: Metrology_Records_V1_EntryResult?
        for task in [setup.taskID, other] {
            for (index, (code, value, point, run)) in (prefix + (task == setup.taskID ? rest : [])).enumerated() {
                var request = Metrology_Records_V1_EnterValueRequest()
                request.taskID = task
                request.cell = Self.cell(code, point, run)
                request.value = value
                request.capturedAt = Google_Protobuf_Timestamp(date: start.addingTimeInterval(Double(index)))
                let result = try await setup.records.client.call(RecordsMethods.enterValue, request, options: setup.tester.options)
                if task == setup.taskID { online = result }
            }
        }
        var batch = Metrology_Records_V1_EnterOfflineBatchRequest()
        batch.taskID = other
        batch.values = rest.enumerated().map { index, step in
            Self.offline(
                "b\(index)", step.0, step.1, point: step.2, run: step.3, base: 4, capturedAt: start.addingTimeInterval(Double(prefix.count + index)))
        }
        let offline = try await setup.records.client.call(RecordsMethods.enterOfflineBatch, batch, options: setup.tester.options)
        #expect(offline.outcomes.map(\.outcome) == Array(repeating: "accepted", count: rest.count))
        #expect(offline.revision == 9 && online?.revision == 9)
        #expect(offline.computed == online?.computed)
        #expect(offline.nextStep == online?.nextStep)

        let oneByOne = try await Self.stored(task: setup.taskID)
        let together = try await Self.stored(task: other)
        #expect(together.values == oneByOne.values)
        #expect(together.history == oneByOne.history)
        #expect(
            together.values.contains { $0.hasPrefix("errors/1/2=0.11% reopened@5 ") },
            "a cell the batch only re-opened keeps its first re-opening's revision")
        #expect(together.history.count == 8)
    }

    /// A task's stored values (cell=value, re-opened flag, revision, capture time) and history, as comparable text.
    static func stored(task: String) async throws -> (values: [String], history: [String]) {
        let logger = Logger(label: "entry-test")
        return try await withDatabase(TestEnvironment.database(schema: "records")) { database in
            var values: [String] = []
            let rows = try await database.query(
                """
                SELECT item_code || '/' || point || '/' || run || '=' || value || unit || (CASE WHEN reopened THEN ' reopened' ELSE '' END)
                       || '@' || revision || ' ' || extract(epoch FROM captured_at)::bigint
                  FROM task_values WHERE task_id = \(UUID(uuidString: task)!) ORDER BY item_code, point, run
                """, logger: logger)
            for try await line in rows.decode(String.self) { values.append(line) }
            var history: [String] = []
            let changes = try await database.query(
                """
                SELECT item_code || '/' || point || '/' || run || ' ' || old_value || '→' || new_value || ' @' || revision || ' ' || changed_by || reason
                  FROM value_history WHERE task_id = \(UUID(uuidString: task)!) ORDER BY id
                """, logger: logger)
            for try await line in changes.decode(String.self) { history.append(line) }
            return (values, history)
        }
    }

    /// Audit entries of records about a task, pending or chained (one statement: the sealer may move them meanwhile).
    static func auditEntries(task: String) async throws -> Int64 {
        let logger = Logger(label: "entry-test")
        return try await withDatabase(TestEnvironment.database(schema: "records")) { database in
            let rows = try await database.query(
                """
                SELECT (SELECT count(*) FROM audit.unsealed WHERE entity_id = \(task))
                     + (SELECT count(*) FROM audit.entries WHERE entity_id = \(task))
                """, logger: logger)
            for try await count in rows.decode(Int64.self) { return count }
            return 0
        }
    }

    static func replayedAsEntry(_ batch: Metrology_Records_V1_OfflineBatchResult) -> Metrology_Records_V1_EntryResult {
        var result = Metrology_Records_V1_EntryResult()
        result.computed = batch.computed
        return result
    }
}
