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

        func start(_ extra: [String], environment: [String: String] = [:]) async throws -> pid_t {
            let gateway = await PlatformStack.shared.gateway.absoluteString
            let pid = try Spawn.start(
                FeedConsumerTests.binary, ["--gateway", gateway, "--key-file", keyFile, "--state", state.path] + extra, environment: environment,
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

        // While results are issued: start `--limit 1 --follow`, SIGKILL it after a random moment, restart it.
        let killer = Killer(consumer, delays: 5...400)

        // Meanwhile: four results (one failed: a notice) and the void of one of them.
        var certificates: [Metrology_Certificates_V1_Certificate] = []
        for errors in [
            ["0.10", "0.12", "-0.05", "0.08"], ["0.50", "0.60", "0.40", "0.45"], ["0.02", "0.03", "0.01", "0.02"], ["0.11", "0.09", "0.10", "0.12"],
        ] {
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
        try await Self.finish(consumer, killer: killer, minimumKills: 15, expected: direct)

        // A second consumer with the same key starts once all entries exist and is killed sooner (a run takes tens of
        // milliseconds here), so that most kills land while it is catching up, between and inside its writes.
        let late = try Consumer(key: created.apiKey)
        defer { try? FileManager.default.removeItem(at: late.folder) }
        try await Self.finish(late, killer: Killer(late, delays: 5...120), minimumKills: 30, expected: direct)

        // Random kills seldom land in the microseconds between two writes, so each such point is also hit on purpose
        // (METROLOGY_FEED_CONSUMER_CRASH_AT): killed on its second page with --limit 1, again on its second page with
        // --limit 2 (the re-read uses another page size), then run to the end.
        for (stage, recovery) in [("torn-append", "已截去"), ("after-append", "跳过此前已保存的"), ("before-rename", "跳过此前已保存的")] {
            let crashed = try Consumer(key: created.apiKey)
            defer { try? FileManager.default.removeItem(at: crashed.folder) }
            let crash = ["METROLOGY_FEED_CONSUMER_CRASH_AT": "\(stage):2"]
            #expect(await Spawn.wait(try await crashed.start(["--once", "--limit", "1"], environment: crash)) == 128 + SIGKILL, "\(stage)")
            let afterFirst = crashed.stored.count
            #expect(await Spawn.wait(try await crashed.start(["--once", "--limit", "2"], environment: crash)) == 128 + SIGKILL, "\(stage)")
            #expect(crashed.stored.count > afterFirst, "\(stage): the second run made progress")
            #expect(await Spawn.wait(try await crashed.start(["--once", "--limit", "1"])) == 0, "\(stage)")
            let log = (try? String(contentsOfFile: crashed.log, encoding: .utf8)) ?? ""
            #expect(log.contains(recovery), "\(stage): \(log)")
            #expect(crashed.stored.map(\.sequence) == direct.entries.map(\.sequence), "\(stage)")
            #expect(crashed.stored.map(\.jws) == direct.entries.map(\.jws), "\(stage)")
        }
    }

    /// Keeps killing until the consumer has caught up and `minimumKills` happened, lets one last `--once` run finish,
    /// and checks its files against the direct read.
    static func finish(_ consumer: Consumer, killer: Killer, minimumKills: Int, expected direct: Metrology_Reports_V1_ReadFeedResponse) async throws {
        _ = try await eventually(timeout: .seconds(120), every: .milliseconds(100)) {
            consumer.stored.count >= direct.entries.count && killer.kills >= minimumKills
        }
        let killed = try await killer.stop()
        #expect(killed >= minimumKills, "killed \(killed) times")
        let last = try await consumer.start(["--once", "--limit", "1"])
        let status = await Spawn.wait(last)
        let log = (try? String(contentsOfFile: consumer.log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(log.suffix(1500))")

        let stored = consumer.stored
        #expect(stored.map(\.sequence) == direct.entries.map(\.sequence), "stored \(stored.map(\.sequence)) after \(killed) kills")
        #expect(stored.map(\.jws) == direct.entries.map(\.jws))
        #expect(Set(stored.map(\.sequence)).count == stored.count)
        let cursor = try JSONSerialization.jsonObject(with: Data(contentsOf: consumer.state.appendingPathComponent("cursor.json"))) as? [String: Any]
        #expect(cursor?["cursor"] as? String == direct.nextCursor)
        #expect(!log.contains("FEED_STATE_CORRUPT") && !log.contains("FEED_SIGNATURE_INVALID") && !log.contains("FEED_REPLAY_MISMATCH"))
        // What the kills made the restarts recover from (random, so reported rather than required).
        let resumed = log.components(separatedBy: "跳过此前已保存的").count - 1
        let cut = log.components(separatedBy: "已截去").count - 1
        print("feed-consumer: \(killed) kills; restarts that skipped entries stored beyond the cursor: \(resumed); torn lines cut: \(cut)")
    }

    /// Starts the consumer with `--limit 1 --follow`, SIGKILLs it after a random delay in `delays` (milliseconds),
    /// reaps it and starts it again, until stopped.
    final class Killer: Sendable {
        /// What the killing task and the test share.
        private final class Shared: Sendable {
            let stopping = Atomic(false)
            let kills = Atomic(0)
        }
        private let shared = Shared()
        private let task: Task<Void, any Error>

        init(_ consumer: Consumer, delays: ClosedRange<Int>) {
            let shared = shared
            task = Task {
                while !shared.stopping.load(ordering: .relaxed) {
                    let pid = try await consumer.start(["--limit", "1", "--follow", "--interval", "0.1"])
                    try await Task.sleep(for: .milliseconds(Int.random(in: delays)))
                    kill(pid, SIGKILL)
                    _ = await Spawn.wait(pid)
                    shared.kills.add(1, ordering: .relaxed)
                }
            }
        }

        var kills: Int { shared.kills.load(ordering: .relaxed) }

        func stop() async throws -> Int {
            shared.stopping.store(true, ordering: .relaxed)
            try await task.value
            return kills
        }
    }

    @Test("a disabled key: --once exits non-zero naming REPORTS_FEED_CONSUMER_UNAUTHENTICATED and stores nothing")
    func disabledKey() async throws {
        let cx = try await CertificatesFixtures.make("fc-off")
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
