import Foundation

/// Where and how to reach the broker. Parsed from an `amqp://user:pass@host:port/vhost` URL.
public struct AMQPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var virtualHost: String
    /// Heartbeats detect a dead broker or a half-open TCP connection; librabbitmq sends them when we read frames.
    public var heartbeatSeconds: Int32
    public var connectTimeout: Duration
    /// First and longest pause between reconnect attempts; the pause doubles in between.
    public var reconnectBackoff: ClosedRange<Duration>
    /// Shown in the management UI and `rabbitmqctl list_connections`, so operators can tell instances apart.
    public var connectionName: String

    public init(
        host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest",
        virtualHost: String = "/", heartbeatSeconds: Int32 = 10, connectTimeout: Duration = .seconds(3),
        reconnectBackoff: ClosedRange<Duration> = .milliseconds(100)...(.seconds(5)), connectionName: String = "metrology"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeatSeconds = heartbeatSeconds
        self.connectTimeout = connectTimeout
        self.reconnectBackoff = reconnectBackoff
        self.connectionName = connectionName
    }

    /// Parses `amqp://user:password@host:port/vhost`; an empty path means the default vhost `/`.
    public init(url: String, connectionName: String = "metrology") throws(AMQPError) {
        guard let components = URLComponents(string: url), components.scheme == "amqp", let host = components.host, !host.isEmpty
        else { throw AMQPError.invalidConfiguration("AMQP 地址无效（应为 amqp://用户:密码@主机:端口/vhost）：\(Self.redacted(url))") }
        var vhost = components.percentEncodedPath
        if vhost.hasPrefix("/") { vhost.removeFirst() }
        vhost = vhost.removingPercentEncoding ?? vhost
        self.init(
            host: host, port: components.port ?? 5672, user: components.user ?? "guest",
            password: components.password ?? "guest", virtualHost: vhost.isEmpty ? "/" : vhost, connectionName: connectionName
        )
    }

    /// `url` with its user and password replaced by `***`, for errors and logs. It works on the text, not on a parsed
    /// URL, because the URLs it is for are the ones that do not parse: everything between `://` (or the start) and the
    /// last `@` is credentials.
    public static func redacted(_ url: String) -> String {
        guard let at = url.range(of: "@", options: .backwards) else { return url }
        let start = url.range(of: "://")?.upperBound ?? url.startIndex
        guard start <= at.lowerBound else { return url }
        return String(url[..<start]) + "***" + String(url[at.lowerBound...])
    }

    public func named(_ name: String) -> AMQPConfiguration {
        var copy = self
        copy.connectionName = name
        return copy
    }
}

/// Printed without the password, wherever a configuration ends up in a log or an error.
extension AMQPConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "amqp://\(user):***@\(host):\(port)/\(virtualHost == "/" ? "" : virtualHost) (\(connectionName))" }
    public var debugDescription: String { description }
}
