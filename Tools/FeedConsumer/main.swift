import FeedConsumerKit
import Foundation

// feed-consumer: follows the verification-results feed, verifies each entry, keeps it in --state (Docs/feed.md,
// "Reference consumer"). The logic is in FeedConsumerKit; this only wires the command line to it.
func report(_ text: String) { FileHandle.standardError.write(Data("feed-consumer: \(text)\n".utf8)) }

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(CommandLineOptions.usage)
    exit(0)
}
do {
    let options = try CommandLineOptions.parse(arguments, environment: ProcessInfo.processInfo.environment)
    let store = try FeedStateStore(directory: options.state)
    store.crashPoint = options.crashPoint
    if store.cutBytes > 0 { report("已截去 entries.jsonl 末尾不完整的一行（\(store.cutBytes) 字节）") }
    let follower = FeedFollower(source: HTTPFeedSource(gateway: options.gateway, key: options.key), store: store, log: { report($0) })
    try await follower.run(options.follower)
} catch {
    report("\(error.code) \(error.message)")
    if error.kind == .usage { FileHandle.standardError.write(Data((CommandLineOptions.usage + "\n").utf8)) }
    exit(error.exitStatus)
}
