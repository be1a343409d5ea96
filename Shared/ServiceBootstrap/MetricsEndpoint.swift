public import Hummingbird
public import Logging
import Prometheus

/// A small HTTP server for operators: `/metrics` in Prometheus text format and `/healthz`.
public enum MetricsEndpoint {
    public static func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ in "ok" }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "metrology-metrics"), logger: logger)
    }
}
