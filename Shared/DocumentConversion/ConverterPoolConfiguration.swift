public import Foundation

/// Where the converters are and how long the pool waits for them.
public struct ConverterPoolConfiguration: Sendable {
    /// Base URLs, one per converter instance (each runs one LibreOffice).
    public var urls: [URL]
    /// How long one document may take as the pool sees it, per attempt. Keep it above the converters' own --timeout
    /// (60 s by default) so that they answer 504 and restart LibreOffice before the pool gives up on them.
    public var requestTimeout: Duration
    /// How long a caller waits for a free instance before CONVERSION_POOL_BUSY.
    public var queueTimeout: Duration

    public init(urls: [URL], requestTimeout: Duration = .seconds(75), queueTimeout: Duration = .seconds(60)) {
        self.urls = urls
        self.requestTimeout = requestTimeout
        self.queueTimeout = queueTimeout
    }

    /// `METROLOGY_CONVERTER_URLS` (comma-separated base URLs), `METROLOGY_CONVERTER_TIMEOUT_SECONDS` [75] and
    /// `METROLOGY_CONVERTER_QUEUE_SECONDS` [60]. A malformed entry is an error rather than a silently smaller pool.
    public init(environment: [String: String]) throws(ConversionError) {
        var urls: [URL] = []
        for entry in (environment["METROLOGY_CONVERTER_URLS"] ?? "").split(separator: ",") {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let url = URL(string: text), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil else {
                throw ConversionError(code: "CONVERSION_NOT_CONFIGURED", message: "METROLOGY_CONVERTER_URLS 中的地址无效：\(text)")
            }
            urls.append(url)
        }
        func seconds(_ name: String, _ fallback: Int) throws(ConversionError) -> Duration {
            guard let text = environment[name], !text.isEmpty else { return .seconds(fallback) }
            guard let value = Double(text), value > 0, value <= 3600 else {
                throw ConversionError(code: "CONVERSION_NOT_CONFIGURED", message: "\(name) 应为 0 到 3600 之间的秒数：\(text)")
            }
            return .milliseconds(Int(value * 1000))
        }
        self.init(
            urls: urls, requestTimeout: try seconds("METROLOGY_CONVERTER_TIMEOUT_SECONDS", 75),
            queueTimeout: try seconds("METROLOGY_CONVERTER_QUEUE_SECONDS", 60))
    }
}
