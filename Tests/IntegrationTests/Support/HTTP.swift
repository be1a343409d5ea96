import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal JSON-over-HTTP helper for the gateway tests.
struct HTTPResult: Sendable {
    let status: Int
    let contentType: String
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

func http(
    _ method: String, _ path: String, json: [String: Any]? = nil, rawBody: Data? = nil, token: String? = nil, headers: [String: String] = [:]
) async throws
    -> HTTPResult
{
    let base = await PlatformStack.shared.gateway
    var request = URLRequest(url: URL(string: path, relativeTo: base)!)
    request.httpMethod = method
    if let json {
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    } else if let rawBody {
        request.httpBody = rawBody
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as! HTTPURLResponse
    return HTTPResult(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "", body: data)
}

func adminLogin() async throws -> [String: Any] {
    let result = try await http("POST", "/v1/auth/login", json: ["username": "admin", "password": PlatformStack.adminPassword])
    guard result.status == 200 else { throw TestFailure("admin login failed: \(result.status) \(result.text)") }
    return result.json
}
