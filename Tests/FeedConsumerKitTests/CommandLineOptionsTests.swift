import FeedConsumerKit
import Foundation
import Testing

/// The command line: what is required, what is refused (FEED_USAGE, exit status 2), where the key comes from.
@Suite struct CommandLineOptionsTests {
    let keyFile: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-key-\(UUID().uuidString.prefix(8))").path
        FileManager.default.createFile(atPath: path, contents: Data("fc_abc.secret\n".utf8))
        return path
    }()

    func code(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try CommandLineOptions.parse(arguments, environment: environment)
            return nil
        } catch { return error.code }
    }

    @Test("a full command line parses; the key file's final newline is dropped; the environment supplies the key otherwise")
    func parses() throws {
        let options = try CommandLineOptions.parse(
            ["--gateway", "http://127.0.0.1:8080", "--key-file", keyFile, "--state", "/tmp/s", "--limit", "7", "--follow", "--interval", "0.5"],
            environment: [:])
        #expect(options.key == "fc_abc.secret" && options.state.path == "/tmp/s" && options.gateway.host == "127.0.0.1")
        #expect(options.follower == .init(limit: 7, follow: true, interval: .milliseconds(500)))
        let fromEnvironment = try CommandLineOptions.parse(
            ["--gateway", "https://x.example", "--state", "s", "--once"], environment: ["METROLOGY_FEED_KEY": "fc_e.k"])
        #expect(fromEnvironment.key == "fc_e.k" && !fromEnvironment.follower.follow && fromEnvironment.follower.limit == 100)
        #expect(fromEnvironment.crashPoint == nil)
        let crashing = try CommandLineOptions.parse(
            ["--gateway", "https://x.example", "--state", "s"],
            environment: ["METROLOGY_FEED_KEY": "k", "METROLOGY_FEED_CONSUMER_CRASH_AT": "after-append:2"])
        #expect(crashing.crashPoint == CrashPoint(stage: .afterAppend, occurrence: 2))
    }

    @Test(
        "bad command lines are refused (FEED_USAGE)",
        arguments: [
            [], ["--gateway", "ftp://x", "--state", "s"], ["--gateway", "http://x", "--state", "s", "--limit", "0"],
            ["--gateway", "http://x", "--state", "s", "--limit", "501"], ["--gateway", "http://x", "--state", "s", "--follow", "--once"],
            ["--gateway", "http://x", "--state", "s", "--interval", "5"], ["--gateway", "http://x", "--state", "s", "--bogus"],
            ["--gateway", "http://x", "--state"], ["--gateway", "http://x", "--state", "s", "--key-file", "/nonexistent/key"],
        ])
    func refused(arguments: [String]) {
        #expect(code(arguments, environment: ["METROLOGY_FEED_KEY": "fc_a.b"]) == "FEED_USAGE")
    }

    @Test("no key at all, or a malformed crash point, is refused (FEED_USAGE)")
    func missingKey() {
        #expect(code(["--gateway", "http://x", "--state", "s"]) == "FEED_USAGE")
        #expect(code(["--gateway", "http://x", "--state", "s"], environment: ["METROLOGY_FEED_KEY": "  \n"]) == "FEED_USAGE")
        #expect(
            code(["--gateway", "http://x", "--state", "s"], environment: ["METROLOGY_FEED_KEY": "k", "METROLOGY_FEED_CONSUMER_CRASH_AT": "later"])
                == "FEED_USAGE")
        #expect(FeedConsumerError.usage("x").exitStatus == 2)
    }
}
