import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// JSON over HTTP to the gateway, as the app does it.
struct GatewayClient {
    let base: URL

    struct Reply {
        var status: Int
        var json: [String: Any]
        var body: Data
    }

    func send(_ method: String, _ path: String, body: [String: Any]? = nil, token: String? = nil, device: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.timeoutInterval = 15
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let device { request.setValue(device, forHTTPHeaderField: "X-Device-Id") }
        // Every write carries an idempotency key, so a retried request is applied once.
        if method != "GET" { request.setValue(UUID().uuidString, forHTTPHeaderField: "Idempotency-Key") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json, body: data)
    }
}
