import Foundation
import Testing

/// Hostile text and formulas through the gateway against the real services (issue 14 items 3 and 4): each is a 400
/// with its stable code and the field named, never a 500, and flows survives a formula nested 5,000 deep.
@Suite("Hostile input over HTTP", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct HostileInputTests {
    init() async throws {
        try await PlatformStack.shared.start()
    }

    /// Expects a 400 problem with `code` whose `fields.field` is `field`.
    func expectRefused(_ result: HTTPResult, code: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 400, "\(result.text)", sourceLocation: sourceLocation)
        #expect(result.json["code"] as? String == code, "\(result.text)", sourceLocation: sourceLocation)
        #expect((result.json["fields"] as? [String: Any])?["field"] as? String == field, "\(result.text)", sourceLocation: sourceLocation)
    }

    @Test("NUL, bidi overrides, terminal escapes and combining marks are refused at a representative set of endpoints")
    func hostileText() async throws {
        let token = try #require(try await adminLogin()["accessToken"] as? String)

        // The anonymous login, its username and a mobile device's name.
        expectRefused(
            try await http("POST", "/v1/auth/login", json: ["username": "ad\u{0}min", "password": "x"]), code: "TEXT_INVALID_CHARACTERS",
            field: "username")
        expectRefused(
            try await http(
                "POST", "/v1/auth/login",
                json: ["username": "admin", "password": "x", "device": ["imei": "490154203237518", "name": "手机\u{0}", "publicKey": ""]]),
            code: "TEXT_INVALID_CHARACTERS", field: "device.name")

        // A person's name.
        func createUser(_ displayName: String) async throws -> HTTPResult {
            try await http(
                "POST", "/v1/users",
                json: [
                    "username": IdentityFixtures.uniqueName("hostile"), "password": IdentityFixtures.password, "displayName": displayName,
                    "roles": ["metrologist"],
                ],
                token: token, headers: ["Idempotency-Key": UUID().uuidString])
        }
        expectRefused(try await createUser("张\u{0}三"), code: "TEXT_INVALID_CHARACTERS", field: "displayName")
        expectRefused(try await createUser("\u{202E}三张"), code: "TEXT_INVALID_CHARACTERS", field: "displayName")
        expectRefused(try await createUser("\u{1B}[2J王五"), code: "TEXT_INVALID_CHARACTERS", field: "displayName")
        expectRefused(
            try await createUser("Z" + String(repeating: "\u{0301}", count: 1_000)), code: "TEXT_TOO_MANY_COMBINING_MARKS", field: "displayName")

        // An item's name.
        func createItem(_ name: String) async throws -> HTTPResult {
            try await http(
                "POST", "/v1/items", json: ["code": "hostile_" + UUID().uuidString.prefix(6).lowercased(), "name": name], token: token,
                headers: ["Idempotency-Key": UUID().uuidString])
        }
        expectRefused(try await createItem("加油机\u{0}"), code: "TEXT_INVALID_CHARACTERS", field: "name")
        expectRefused(try await createItem("加油机\u{2066}"), code: "TEXT_INVALID_CHARACTERS", field: "name")

        // List searches and the audit filter: a NUL was a 500 (SQLSTATE 22021).
        expectRefused(try await http("GET", "/v1/users?query=a%00b", token: token), code: "TEXT_INVALID_CHARACTERS", field: "query")
        expectRefused(try await http("GET", "/v1/items?query=%00", token: token), code: "TEXT_INVALID_CHARACTERS", field: "query")
        expectRefused(try await http("GET", "/v1/devices?query=%00", token: token), code: "TEXT_INVALID_CHARACTERS", field: "query")
        expectRefused(try await http("GET", "/v1/users?query=%E2%80%AEx", token: token), code: "TEXT_INVALID_CHARACTERS", field: "query")
        expectRefused(try await http("GET", "/v1/audit?service=identity&action=%00", token: token), code: "TEXT_INVALID_CHARACTERS", field: "action")
        expectRefused(
            try await http("GET", "/v1/audit?service=flows&entityId=x%00", token: token), code: "TEXT_INVALID_CHARACTERS", field: "entityId")

        // Clean text still goes through, NFC-normalised.
        let created = try await createItem("Cafe\u{0301} 加油机")
        #expect(created.status == 201)
        #expect(created.json["name"] as? String == "Caf\u{E9} 加油机")
    }

    @Test("a formula nested 5,000 deep is refused with the field named, and flows keeps serving")
    func deepFormula() async throws {
        let token = try #require(try await adminLogin()["accessToken"] as? String)
        func evaluate(expression: String, formula: String) async throws -> HTTPResult {
            try await http(
                "POST", "/v1/formulas/evaluate",
                json: [
                    "expression": expression, "values": ["a": "2"],
                    "items": [
                        ["code": "a", "title": "读数", "kind": "number", "section": "measurement"],
                        ["code": "b", "title": "结果", "kind": "computed", "section": "result", "formula": formula],
                    ],
                ], token: token)
        }
        let nested = String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        expectRefused(try await evaluate(expression: "a + 1", formula: nested), code: "FORMULA_TOO_LONG", field: "items[1].formula")
        expectRefused(try await evaluate(expression: nested, formula: "a"), code: "FORMULA_TOO_LONG", field: "expression")
        let deep = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        expectRefused(try await evaluate(expression: "a + 1", formula: deep), code: "FORMULA_TOO_DEEP", field: "items[1].formula")
        let chain = Array(repeating: "a", count: 300).joined(separator: "+")
        expectRefused(try await evaluate(expression: chain, formula: "a"), code: "FORMULA_TOO_DEEP", field: "expression")

        // Still alive, and still right.
        let fine = try await evaluate(expression: "b * 2", formula: "a + 1")
        #expect(fine.status == 200, "\(fine.text)")
        #expect(fine.json["ok"] as? Bool == true)
        #expect(fine.json["value"] as? String == "6")
    }
}
