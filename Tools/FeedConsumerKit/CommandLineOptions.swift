public import Foundation

/// `feed-consumer --gateway URL --key-file FILE (or env METROLOGY_FEED_KEY) --state DIR [--limit N]
/// [--follow [--interval SECONDS]] [--once]`, parsed by hand: the package has no argument parser and this is small.
public struct CommandLineOptions: Sendable, Equatable {
    public var gateway: URL
    public var key: String
    public var state: URL
    public var follower: FeedFollower.Options
    /// Crash tests only: `METROLOGY_FEED_CONSUMER_CRASH_AT=<stage>:<n>` (see `CrashPoint`).
    public var crashPoint: CrashPoint?

    public static let usage = """
        用法：feed-consumer --gateway URL (--key-file 文件 | 环境变量 METROLOGY_FEED_KEY) --state 目录
                            [--limit 1…500] [--follow [--interval 秒]] [--once]
          --once     读到最新后退出（默认）；出错即退出
          --follow   读到最新后每隔 --interval 秒（默认 5）再读；网络或服务错误按退避重试
        退出码：0 成功，2 参数错误，3 网关或数据源错误，4 签名或顺序校验失败，5 状态目录错误
        """

    public static func parse(_ arguments: [String], environment: [String: String]) throws(FeedConsumerError) -> CommandLineOptions {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--follow", "--once":
                flags.insert(argument)
                index += 1
            case "--gateway", "--key-file", "--state", "--limit", "--interval":
                guard index + 1 < arguments.count else { throw .usage("\(argument) 缺少取值") }
                values[argument] = arguments[index + 1]
                index += 2
            default:
                throw .usage("未知参数 \(argument)")
            }
        }
        guard let gatewayText = values["--gateway"], let gateway = URL(string: gatewayText), ["http", "https"].contains(gateway.scheme ?? ""),
            gateway.host != nil
        else { throw .usage("请用 --gateway 指定网关地址（http:// 或 https://）") }
        guard let stateText = values["--state"], !stateText.isEmpty else { throw .usage("请用 --state 指定状态目录") }
        let key = try readKey(file: values["--key-file"], environment: environment)
        guard !(flags.contains("--follow") && flags.contains("--once")) else { throw .usage("--follow 与 --once 不能同时使用") }
        var options = FeedFollower.Options(follow: flags.contains("--follow"))
        if let text = values["--limit"] {
            guard let limit = Int(text), (1...500).contains(limit) else { throw .usage("--limit 应在 1 到 500 之间") }
            options.limit = limit
        }
        if let text = values["--interval"] {
            guard options.follow else { throw .usage("--interval 只用于 --follow") }
            guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else { throw .usage("--interval 应为 0 到 86400 之间的秒数") }
            options.interval = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var crashPoint: CrashPoint?
        if let text = environment["METROLOGY_FEED_CONSUMER_CRASH_AT"] {
            guard let point = CrashPoint(text) else { throw .usage("METROLOGY_FEED_CONSUMER_CRASH_AT 应为 <阶段>:<次数>，如 after-append:2") }
            crashPoint = point
        }
        return CommandLineOptions(
            gateway: gateway, key: key, state: URL(fileURLWithPath: stateText), follower: options, crashPoint: crashPoint)
    }

    /// The key from the file (surrounding whitespace dropped, as editors add a final newline), else from the environment.
    static func readKey(file: String?, environment: [String: String]) throws(FeedConsumerError) -> String {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let contents = String(data: data, encoding: .utf8) else {
                throw .usage("无法读取密钥文件 \(file)")
            }
            text = contents
        } else if let value = environment["METROLOGY_FEED_KEY"] {
            text = value
        } else {
            throw .usage("请用 --key-file 或环境变量 METROLOGY_FEED_KEY 提供数据接收方密钥")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty, !key.contains(where: { $0.isNewline || $0 == " " }) else { throw .usage("数据接收方密钥为空或格式错误") }
        return key
    }
}
