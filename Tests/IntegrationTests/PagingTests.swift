import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// One paging rule in every service (issue 15): the total is the whole filtered list on any page, a page past the end
/// included (people and devices said 0 there), and long lists also page by an opaque keyset cursor.
@Suite("Paging: true totals and keyset cursors", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct PagingTests {
    @Test("a page past the end of people and of devices still reports the whole filtered total")
    func totalPastTheEnd() async throws {
        let fx = try await IdentityFixtures.make("paging-total")
        defer { Task { await fx.close() } }
        let prefix = "pg" + UUID().uuidString.prefix(6).lowercased()
        for _ in 0..<3 { _ = try await fx.createUser(prefix, roles: ["metrologist"]) }
        var people = Metrology_Identity_V1_ListUsersRequest()
        people.query = prefix
        people.pageSize = 2
        people.page = 9
        let pastPeople = try await fx.client.call(IdentityMethods.listUsers, people, options: .init(accessToken: fx.adminToken))
        #expect(pastPeople.users.isEmpty)
        #expect(pastPeople.total == 3)

        let phone = TestDevice()
        let user = try await fx.createUser("paging-device", roles: ["metrologist"])
        _ = try await expectRPCError(.failedPrecondition) { _ = try await fx.login(user.username, device: phone) }
        var devices = Metrology_Devices_V1_ListDevicesRequest()
        devices.query = phone.imei
        devices.pageSize = 1
        devices.page = 5
        let pastDevices = try await fx.client.call(DevicesMethods.listDevices, devices, options: .init(accessToken: fx.adminToken))
        #expect(pastDevices.devices.isEmpty)
        #expect(pastDevices.total == 1)
    }

    @Test("people page by cursor: each next_cursor continues after the last person shown, the total stays the whole list")
    func peopleByCursor() async throws {
        let fx = try await IdentityFixtures.make("paging-cursor")
        defer { Task { await fx.close() } }
        let prefix = "pc" + UUID().uuidString.prefix(6).lowercased()
        var created: [String] = []
        for _ in 0..<5 { created.append(try await fx.createUser(prefix, roles: []).username) }
        var request = Metrology_Identity_V1_ListUsersRequest()
        request.query = prefix
        request.pageSize = 2
        var seen: [String] = []
        var pages = 0
        repeat {
            let page = try await fx.client.call(IdentityMethods.listUsers, request, options: .init(accessToken: fx.adminToken))
            #expect(page.total == 5)
            seen += page.users.map(\.username)
            request.cursor = page.nextCursor
            pages += 1
        } while !request.cursor.isEmpty && pages < 10
        #expect(pages == 3)
        #expect(seen == created.sorted())

        request.cursor = "bm90LWEtY3Vyc29y"
        let refused = try await expectRPCError(.invalidArgument) {
            _ = try await fx.client.call(IdentityMethods.listUsers, request, options: .init(accessToken: fx.adminToken))
        }
        #expect(refused.reason == "PAGE_CURSOR_INVALID")
        #expect(refused.details["field"] == "cursor")
    }

    @Test("the audit trail pages by cursor as by before_seq, and refuses another list's cursor")
    func auditByCursor() async throws {
        let fx = try await IdentityFixtures.make("paging-audit")
        defer { Task { await fx.close() } }
        let user = try await fx.createUser("paging-audited", roles: [])
        _ = try await fx.action(IdentityMethods.disableUser, user.id, reason: "一")
        _ = try await fx.action(IdentityMethods.enableUser, user.id, reason: "二")
        var request = Metrology_Common_V1_ListAuditRequest()
        request.entityID = user.id
        request.pageSize = 2
        let first = try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken))
        #expect(first.entries.map(\.action) == ["user.enabled", "user.disabled"])
        #expect(!first.nextCursor.isEmpty)
        request.cursor = first.nextCursor
        let rest = try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken))
        #expect(rest.entries.map(\.action) == ["user.created"])
        #expect(rest.nextCursor.isEmpty)

        // A people-list cursor is not a position in the audit trail.
        var people = Metrology_Identity_V1_ListUsersRequest()
        people.pageSize = 1
        let peoplePage = try await fx.client.call(IdentityMethods.listUsers, people, options: .init(accessToken: fx.adminToken))
        request.cursor = peoplePage.nextCursor
        let refused = try await expectRPCError(.invalidArgument) {
            _ = try await fx.client.call(AuditMethods.list("identity"), request, options: .init(accessToken: fx.adminToken))
        }
        #expect(refused.reason == "PAGE_CURSOR_INVALID")
    }
}
