import Contracts
import Foundation
import Messaging

/// People made for a test, through identity's RPCs over the real broker.
struct IdentityFixtures: Sendable {
    let client: RPCClient
    let adminToken: String

    static func make(_ name: String) async throws -> IdentityFixtures {
        try await PlatformStack.shared.start()
        let client = try await makeClient(name)
        let token = try await login(client, "admin", PlatformStack.adminPassword).accessToken
        return IdentityFixtures(client: client, adminToken: token)
    }

    static func login(_ client: RPCClient, _ username: String, _ password: String) async throws -> Metrology_Identity_V1_LoginResponse {
        var request = Metrology_Identity_V1_LoginRequest()
        request.username = username
        request.password = password
        return try await client.call(IdentityMethods.login, request)
    }

    func login(_ username: String, _ password: String = IdentityFixtures.password) async throws -> Metrology_Identity_V1_LoginResponse {
        try await Self.login(client, username, password)
    }

    static let password = "Lab-Passw0rd!"

    /// A unique account name per run, so the suites can run again on the same database.
    static func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Tests log in as the users they create, so by default the password need not be changed first (the identity
    /// default for an administrator's create is that it must; `IdentityPasswordChangeTests` covers that).
    func createUser(
        _ prefix: String, roles: [String], idNumber: String = "", token: String? = nil, requirePasswordChange: Bool = false,
        supervisionRegion: String? = nil
    ) async throws -> Metrology_Identity_V1_User {
        var request = Metrology_Identity_V1_CreateUserRequest()
        // A supervisor must have a 监管区域 (issue 19): by default Zhejiang ("33"), where the fixtures' customers are.
        request.supervisionRegion = supervisionRegion ?? (roles.contains("supervisor") ? "33" : "")
        request.requirePasswordChange = requirePasswordChange
        request.username = Self.uniqueName(prefix)
        request.password = Self.password
        request.displayName = "测试\(prefix)"
        request.roles = roles
        request.idNumber = idNumber
        return try await client.call(IdentityMethods.createUser, request, options: .init(accessToken: token ?? adminToken)).user
    }

    func action(
        _ method: RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>, _ user: String, reason: String = ""
    )
        async throws -> Metrology_Identity_V1_User
    {
        var request = Metrology_Identity_V1_UserActionRequest()
        request.userID = user
        request.reason = reason
        return try await client.call(method, request, options: .init(accessToken: adminToken)).user
    }

    func close() async { await client.close() }
}

/// Valid resident ID numbers (GB 11643 check digits), built rather than copied from real people.
enum TestIDNumbers {
    static func make(region: String = "110105", birth: String, sequence: String) -> String {
        let body = region + birth + sequence
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap { $0.wholeNumberValue }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A fresh number for each call, so runs on the same database don't collide.
    static func random(male: Bool = true) -> String {
        let day = Int.random(in: 10...28)
        let serial = Int.random(in: 10...99)
        let sex = male ? [1, 3, 5, 7, 9].randomElement()! : [0, 2, 4, 6, 8].randomElement()!
        return make(birth: "198507\(day)", sequence: "\(serial)\(sex)")
    }
}
