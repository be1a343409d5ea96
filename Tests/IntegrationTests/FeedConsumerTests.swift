import Contracts
import Foundation
import Messaging
import RPCCore
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The reference consumer (Tools/FeedConsumer, `feed-consumer`) against the real platform: SIGKILLed again and again
/// while results are issued and voided, restarted each time, it ends with exactly the entries a direct read of the
/// feed returns for its consumer, each once, in order, the stored JWS byte-equal to the served ones; a disabled key
/// makes `--once` fail with the feed's code.
@Suite("Feed consumer: resumes after SIGKILL without loss or duplicates", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct FeedConsumerTests {
    static var binary: String { TestEnvironment.binaries.appendingPathComponent("feed-consumer").path }

    /// A folder for one consumer: its key file and its state.
    struct Consumer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feed-consumer-\(UUID().uuidString.prefix(8))")
        var keyFile: String { folder.appendingPathComponent("key").path }
        var state: URL { folder.appendingPathComponent("state") }
        var log: String { folder.appendingPathComponent("consumer.log").path }

        init(key: String) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data((key + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
        }

        func start(_ extra: [String]) async throws -> pid_t {
            let gateway = await PlatformStack.shared.gateway.absoluteString
            let pid = try Spawn.start(
                FeedConsumerTests.binary, ["--gateway", gateway, "--key-file", keyFile, "--state", state.path] + extra, environment: [:],
                logFile: log)
            // The test script kills what a failed test left running.
            try? "\(pid)".write(to: TestEnvironment.state.appendingPathComponent("test-pids/feed-consumer"), atomically: true, encoding: .utf8)
            return pid
        }

        /// The stored lines of entries.jsonl: (sequence, jws).
        var stored: [(sequence: Int64, jws: String)] {
            let text = (try? String(contentsOf: state.appendingPathComponent("entries.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { line in
                let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
                return ((object["sequence"] as? NSNumber)?.int64Value ?? -1, object["jws"] as? String ?? "")
            }
        }
    }

    @Test("issued and voided results reach entries.jsonl once each, in order, byte-equal, though the consumer is SIGKILLed again and again")
    func killedRepeatedly() async throws {
        let cx = try await CertificatesFixtures.make("feed-consumer")
        defer { Task { await cx.close() } }
        // A county of Sichuan of our own, so the consumer's scope holds only what this test issues.
        let county = "5101" + String(format: "%02d", Int.random(in: 10...99))
        let created = try await FeedTests.consumer(cx, name: "四川省平台（消费者测试）", region: county)
        let consumer = try Consumer(key: created.apiKey)
        defer { try? FileManager.default.removeItem(at: consumer.folder) }

        // The killer: start `--limit 1 --follow`, let it run a random moment (from before its first request to a
        // few pages), SIGKILL it, reap it, start it again; until told to stop.
        let stop = Atomic(false)
        let kills = Atomic(0)
        let killer = Task {
            while !stop.load(ordering: .relaxed) {
                let pid = try await consumer.start(["--limit", "1", "--follow", "--interval", "0.1"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...400)))
                kill(pid, SIGKILL)
                _ = await Spawn.wait(pid)
                kills.add(1, ordering: .relaxed)
            }
        }

        // Meanwhile: four results (one failed: a notice) and the void of one of them.
        var certificates: [Metrology_Certificates_V1_Certificate] = []
        for errors in [["0.10", "0.12", "-0.05", "0.08"], ["0.50", "0.60", "0.40", "0.45"], ["0.02", "0.03", "0.01", "0.02"], ["0.11", "0.09", "0.10", "0.12"]] {
            certificates.append(try await FeedTests.issued(cx, try await FeedTests.reviewedTask(cx, region: county, errors: errors)))
        }
        var void = Metrology_Certificates_V1_VoidCertificateRequest()
        void.id = certificates[1].id
        void.reason = "委托单位名称填写错误"
        _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)

        // The feed as a direct full read returns it for this consumer.
        var direct = Metrology_Reports_V1_ReadFeedResponse()
        let complete = try await eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            direct = try await FeedTests.read(cx, key: created.apiKey)
            return direct.entries.count >= 5
        }
        #expect(complete && direct.entries.map(\.type) == ["result", "result", "result", "result", "correction"])

        // Keep killing until the consumer has caught up (and at least 15 kills happened), then one last run to the end.
        _ = try await eventually(timeout: .seconds(120), every: .milliseconds(200)) { consumer.stored.count >= direct.entries.count }
        _ = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) { kills.load(ordering: .relaxed) >= 15 }
        stop.store(true, ordering: .relaxed)
        try await killer.value
        let killed = kills.load(ordering: .relaxed)
        #expect(killed >= 15, "killed \(killed) times")
        let last = try await consumer.start(["--once", "--limit", "1"])
        #expect(await Spawn.wait(last) == 0, "\(String((try? String(contentsOfFile: consumer.log, encoding: .utf8))?.suffix(1500) ?? ""))")

        let stored = consumer.stored
        #expect(stored.map(\.sequence) == direct.entries.map(\.sequence), "stored \(stored.map(\.sequence)) after \(killed) kills")
        #expect(stored.map(\.jws) == direct.entries.map(\.jws))
        #expect(Set(stored.map(\.sequence)).count == stored.count)
        let cursor = try JSONSerialization.jsonObject(with: Data(contentsOf: consumer.state.appendingPathComponent("cursor.json"))) as? [String: Any]
        #expect(cursor?["cursor"] as? String == direct.nextCursor)
        // The log shows the recoveries the kills forced (a torn line or a page stored before its cursor), when any did.
        let log = (try? String(contentsOfFile: consumer.log, encoding: .utf8)) ?? ""
        #expect(!log.contains("FEED_STATE_CORRUPT") && !log.contains("FEED_SIGNATURE_INVALID"))
    }

    @Test("a disabled key: --once exits non-zero naming REPORTS_FEED_CONSUMER_UNAUTHENTICATED and stores nothing")
    func disabledKey() async throws {
        let cx = try await CertificatesFixtures.make("feed-consumer-off")
        defer { Task { await cx.close() } }
        let created = try await FeedTests.consumer(cx, name: "停用的平台（消费者测试）", region: "51")
        var disable = Metrology_Reports_V1_DisableFeedConsumerRequest()
        disable.id = created.consumer.id
        #expect(try await cx.client.call(ReportsMethods.disableFeedConsumer, disable, options: cx.rx.admin).disabled)
        let consumer = try Consumer(key: created.apiKey)
        defer { try? FileManager.default.removeItem(at: consumer.folder) }
        let status = await Spawn.wait(try await consumer.start(["--once"]))
        let log = (try? String(contentsOfFile: consumer.log, encoding: .utf8)) ?? ""
        #expect(status == 3, "\(log)")
        #expect(log.contains("REPORTS_FEED_CONSUMER_UNAUTHENTICATED"), "\(log)")
        #expect(consumer.stored.isEmpty && !FileManager.default.fileExists(atPath: consumer.state.appendingPathComponent("cursor.json").path))
    }
}
