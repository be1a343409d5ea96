import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// The command-line mobile client (Tools/MobileClient) runs a whole task through the gateway against the real
/// platform: the tester's phone is enrolled, lists its tasks, starts one with a standard, enters values one by one and
/// the rest as an offline batch, submits with its signature; the reviewer signs in on the same phone, returns the
/// record with a reason, the tester corrects it with a reason and submits again, and the reviewer passes it.
@Suite("Records: the mobile client runs a task end to end", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct RecordsMobileClientTests {
    /// One run of the CLI on the shared state folder: its exit code and the JSON object it printed.
    struct CLI {
        let folder: URL
        let gateway: String
        let binary = TestEnvironment.binaries.appendingPathComponent("mobile-client").path

        func run(_ arguments: [String]) async throws -> (code: Int32, json: [String: Any]) {
            let log = folder.path + "-\(UUID().uuidString.prefix(6)).out"
            let pid = try Spawn.start(binary, arguments + ["--gateway", gateway, "--state", folder.path], environment: [:], logFile: log)
            let code = await Spawn.wait(pid)
            // The log holds stdout (one JSON object per command) and stderr; the JSON is the last line that parses.
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let json = text.split(separator: "\n").reversed().lazy.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }.first
            return (code, json ?? [:])
        }
    }

    @Test("tasks → start → enter → batch → submit → review return → corrected → submit → review pass, all through mobile-client")
    func wholeTask() async throws {
        let rx = try await RecordsFixtures.make("records-cli")
        defer { Task { await rx.close() } }
        let procedure = try await rx.publishedProcedure("cli")
        let tester = try await rx.fx.createUser("cli-tester", roles: ["metrologist"])
        try await rx.qualify(tester, for: procedure.item.code)
        let reviewer = try await rx.fx.createUser("cli-reviewer", roles: ["verifier"])
        try await rx.qualify(reviewer, for: procedure.item.code)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("records-cli-\(UUID().uuidString.prefix(8))")
        let cli = CLI(folder: folder, gateway: await PlatformStack.shared.gateway.absoluteString)
        let asTester = ["--user", tester.username, "--password", IdentityFixtures.password]
        let asReviewer = ["--user", reviewer.username, "--password", IdentityFixtures.password]

        // Enrol the phone: pending until the administrator enables it.
        #expect(try await cli.run(["login"] + asTester).code == 3)
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("device.json"))) as? [String: Any]
        var list = Metrology_Devices_V1_ListDevicesRequest()
        list.query = try #require(state?["imei"] as? String)
        let device = try #require(try await rx.client.call(DevicesMethods.listDevices, list, options: rx.admin).devices.first)
        _ = try await rx.fx.setDevice(device.id, enabled: true)
        #expect(try await cli.run(["wait", "--timeout", "20"] + asTester).code == 0)

        // A task accepted for this tester appears in their list.
        let testerPerson = RecordsFixtures.Person(user: tester, token: "", deviceID: nil)
        let (_, accepted) = try await rx.acceptedTask(procedure: procedure, tester: testerPerson)
        let mine = try await cli.run(["tasks", "--view", "mine"])
        #expect(mine.code == 0)
        #expect((mine.json["tasks"] as? [[String: Any]])?.contains { $0["id"] as? String == accepted.id } == true)

        let standards = try await rx.chosenStandards(for: procedure).map { "\($0.needCode)=\($0.standardID)" }.joined(separator: ",")
        let started = try await cli.run(["start", "--task", accepted.id, "--standards", standards])
        #expect(started.code == 0)
        #expect(started.json["state"] as? String == "in_progress")

        // Entry out of order is refused with the service's reason, the exit code 1 and the problem printed.
        let early = try await cli.run(["enter", "--task", accepted.id, "--item", "standard_volume", "--value", "20.00"])
        #expect(early.code == 1)
        #expect((early.json["problem"] as? [String: Any])?["code"] as? String == "RECORDS_STEP_OUT_OF_ORDER")
        #expect(try await cli.run(["enter", "--task", accepted.id, "--item", "reading", "--value", "20.05"]).code == 0)
        let second = try await cli.run(["enter", "--task", accepted.id, "--item", "standard_volume", "--value", "20.00"])
        #expect(second.code == 0)
        #expect((second.json["value"] as? [String: Any])?["value"] as? String == "20.00")

        // The table as an offline batch; a replay applies each capture once.
        let batch = folder.appendingPathComponent("batch.json")
        let values: [[String: Any]] = [(1, 1, "0.10"), (1, 2, "0.12"), (2, 1, "-0.05"), (2, 2, "0.08")].map { point, run, value in
            ["clientId": "cap-\(point)-\(run)", "cell": ["itemCode": "errors", "point": point, "run": run], "value": value]
        }
        try JSONSerialization.data(withJSONObject: ["values": values]).write(to: batch)
        let applied = try await cli.run(["batch", "--task", accepted.id, "--file", batch.path])
        #expect(applied.code == 0)
        #expect((applied.json["outcomes"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String } == Array(repeating: "accepted", count: 4))
        #expect((applied.json["nextStep"] as? [String: Any])?["complete"] as? Bool == true)
        let replay = try await cli.run(["batch", "--task", accepted.id, "--file", batch.path])
        #expect(
            (replay.json["outcomes"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String } == Array(repeating: "already_applied", count: 4))

        // A capture the platform does not take (a value for a cell that does not exist) makes the batch exit 5.
        let refusedBatch = folder.appendingPathComponent("refused.json")
        try JSONSerialization.data(withJSONObject: [
            ["clientId": "cap-bad", "cell": ["itemCode": "errors", "point": 9, "run": 9], "value": "0.10"]
        ]).write(to: refusedBatch)
        let refused = try await cli.run(["batch", "--task", accepted.id, "--file", refusedBatch.path])
        #expect(refused.code == 5)
        #expect((refused.json["outcomes"] as? [[String: Any]])?.first?["reason"] as? String == "RECORDS_CELL_UNKNOWN")

        let submitted = try await cli.run(["submit", "--task", accepted.id])
        #expect(submitted.code == 0)
        #expect(submitted.json["state"] as? String == "submitted")

        // The reviewer signs in on the same phone and returns the record with a reason.
        #expect(try await cli.run(["login"] + asReviewer).code == 0)
        let review = try await cli.run(["tasks", "--view", "review"])
        #expect((review.json["tasks"] as? [[String: Any]])?.contains { $0["id"] as? String == accepted.id } == true)
        let returned = try await cli.run(["review", "--task", accepted.id, "--decision", "return", "--reason", "第 2 点第 2 次读数请复核"])
        #expect(returned.code == 0)
        #expect(returned.json["state"] as? String == "returned")

        // The tester corrects the value with a reason and submits again; the reviewer passes it with a signature.
        #expect(try await cli.run(["login"] + asTester).code == 0)
        let corrected = try await cli.run([
            "enter", "--task", accepted.id, "--item", "errors", "--point", "2", "--run", "2", "--value", "0.07", "--reason", "复核后更正",
        ])
        #expect(corrected.code == 0)
        #expect(try await cli.run(["submit", "--task", accepted.id]).code == 0)
        #expect(try await cli.run(["login"] + asReviewer).code == 0)
        let passed = try await cli.run(["review", "--task", accepted.id, "--decision", "pass"])
        #expect(passed.code == 0)
        #expect(passed.json["state"] as? String == "reviewed")
        let meanings = (passed.json["signatures"] as? [[String: Any]])?.compactMap { $0["meaning"] as? String } ?? []
        #expect(Set(meanings) == ["verification", "review"])
        let history = passed.json["history"] as? [[String: Any]] ?? []
        #expect(history.contains { $0["newValue"] as? String == "0.07" && $0["reason"] as? String == "复核后更正" })
    }
}
