import Auth
import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import RPCCore
import Testing

/// `GET /v1/reports/export.zip` streams the sheet and then each certificate's PDF with the caller's token, long after
/// the handler returned, as the certificates' batch download does; a token that expires within 10 minutes would cut
/// the zip midway, so it is refused before the service is asked for anything. The .xlsx alone is not held to that.
@Suite struct ReportsExportRoutesTests {
    let gateway = TestGateway()

    func authorization(left seconds: Int64) throws -> HTTPFields {
        let now = Int64(Date().timeIntervalSince1970)
        let token = try TokenSigner(keyID: "k1", privateKey: gateway.key).sign(
            AccessTokenClaims(
                sub: "u1", usr: "li", name: "李四", roles: [], perms: ["reports.export"], sid: "s1", dev: nil, iat: now - 900 + seconds,
                exp: now + seconds))
        return [.authorization: "Bearer \(token)"]
    }

    static let query = "%7B%22columns%22%3A%5B%22certificate_number%22%5D%7D"  // {"columns":["certificate_number"]}

    static func backend() -> FakeBackend {
        var backend = FakeBackend()
        // Refused by the service: enough to see that the gateway asked.
        backend.answer(ReportsMethods.exportStatistics) { _ in
            throw RPCError(code: .permissionDenied, message: "没有“报表导出”权限", reason: "PERMISSION_DENIED")
        }
        return backend
    }

    @Test func aZipExportWithLessThanTenMinutesLeftIsRefusedBeforeTheServiceIsAsked() async throws {
        let backend = Self.backend()
        try await gateway.app(backend).test(.router) { client in
            for left: Int64 in [60, 599] {
                try await client.execute(uri: "/v1/reports/export.zip?query=\(Self.query)", method: .get, headers: try authorization(left: left)) {
                    response in
                    try expectProblem(response, .unauthorized, code: "ARCHIVE_TOKEN_TOO_SHORT")
                }
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    @Test func aZipExportWithAFreshTokenAndAnXlsxWithAnOldOneReachTheService() async throws {
        let backend = Self.backend()
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/reports/export.zip?query=\(Self.query)", method: .get, headers: try authorization(left: 900)) {
                response in
                try expectProblem(response, .forbidden, code: "PERMISSION_DENIED")
            }
            try await client.execute(uri: "/v1/reports/export.xlsx?query=\(Self.query)", method: .get, headers: try authorization(left: 60)) {
                response in
                try expectProblem(response, .forbidden, code: "PERMISSION_DENIED")
            }
        }
        #expect(backend.calls.all.map(\.fullName) == [ReportsMethods.exportStatistics.fullName, ReportsMethods.exportStatistics.fullName])
    }
}
