import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Requests the HTTP parser refuses never reach a route; the gateway's channel handler answers them with a problem
/// document (Hummingbird's own answer is an empty 400). Sent over a real socket, since an HTTP client library would
/// refuse to send them at all.
@Suite struct MalformedRequestTests {
    let gateway = TestGateway()

    @Test func aControlCharacterInAHeaderIsAProblemDocument() async throws {
        let answer = try await exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\u{01}b\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        #expect(answer.lowercased().contains("content-type: application/problem+json"))
        #expect(answer.contains(#""code":"HTTP_REQUEST_MALFORMED""#))
    }

    @Test func a100KBQueryIsAProblemDocument() async throws {
        let query = String(repeating: "q", count: 100_000)
        let answer = try await exchange("GET /v1/users?query=\(query) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        #expect(answer.lowercased().contains("content-type: application/problem+json"))
        #expect(answer.contains(#""code":"REQUEST_HEAD_TOO_LARGE""#))
    }

    @Test func aWellFormedRequestAfterwardsStillAnswers() async throws {
        let answer = try await exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 200"))
    }

    /// Sends `request` as raw bytes to a live gateway and reads until the server closes the connection.
    func exchange(_ request: String) async throws -> String {
        try await gateway.app(FakeBackend()).test(.live) { client in
            let port = try #require(client.port)
            return try await Task.detached { try RawSocket.send(request, port: port) }.value
        }
    }
}

/// A blocking TCP exchange with 127.0.0.1, with a 5 s receive timeout so a server that never closes fails the test.
enum RawSocket {
    struct Failure: Error { let step: String }

    static func send(_ request: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(step: "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(step: "connect") }
        var bytes = Array(request.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before it has read everything (the oversized head): stop sending then.
            guard sent > 0 else { break }
            bytes = bytes.dropFirst(sent)
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
