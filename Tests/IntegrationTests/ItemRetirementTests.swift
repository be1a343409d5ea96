import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// Retiring items and test types (issue 14): kept for history, gone from pickers, no new work, audited, only with
/// setup.manage, applied once per idempotency key.
@Suite("Flows: retiring items and test types", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ItemRetirementTests {
    typealias Setup = FlowsTests.Setup

    func retire(
        _ setup: Setup, _ retired: Bool, reason: String = "", messageID: String? = nil, token: String? = nil
    ) async throws
        -> Metrology_Flows_V1_Item
    {
        var request = Metrology_Flows_V1_SetItemRetiredRequest()
        request.itemID = setup.item.id
        request.retired = retired
        request.reason = reason
        return try await setup.fx.client.call(
            FlowsMethods.setItemRetired, request, options: .init(messageID: messageID, accessToken: token ?? setup.fx.adminToken))
    }

    func retireType(_ setup: Setup, _ retired: Bool, type: String = "verification:subsequent") async throws -> Metrology_Flows_V1_Item {
        var request = Metrology_Flows_V1_SetTestTypeRetiredRequest()
        request.itemID = setup.item.id
        request.typeCode = type
        request.retired = retired
        return try await setup.fx.client.call(FlowsMethods.setTestTypeRetired, request, options: setup.options)
    }

    func list(_ setup: Setup, status: String) async throws -> [String] {
        var request = Metrology_Flows_V1_ListItemsRequest()
        request.query = setup.item.code
        request.status = status
        return try await setup.fx.client.call(FlowsMethods.listItems, request, options: setup.options).items.map(\.id)
    }

    func usability(_ setup: Setup) async throws -> String {
        var request = Metrology_Flows_V1_CheckItemUsableRequest()
        request.itemID = setup.item.id
        request.typeCode = "verification:subsequent"
        return try await setup.fx.client.call(FlowsMethods.checkItemUsable, request, options: setup.options).reason
    }

    func auditCount(_ setup: Setup, _ action: String) async throws -> Int {
        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = action
        audit.entityID = setup.item.id
        return try await setup.fx.client.call(AuditMethods.list("flows"), audit, options: setup.options).entries.count
    }

    @Test("a retired item leaves the default list, stays readable, refuses changes and new work, and comes back when reactivated")
    func retireAndReactivateItem() async throws {
        let setup = try await Setup.make("flows-retire-item")
        defer { Task { await setup.fx.close() } }
        #expect(try await list(setup, status: "") == [setup.item.id])

        // Retried with the same idempotency key: applied once, one audit entry.
        let key = UUID().uuidString
        let retired = try await retire(setup, true, reason: "测试数据", messageID: key)
        #expect(retired.retired && retired.retiredReason == "测试数据" && retired.hasRetiredAt && !retired.usable)
        #expect(try await retire(setup, true, reason: "测试数据", messageID: key).retiredAt == retired.retiredAt)
        // Asking again with a new key changes nothing and audits nothing.
        #expect(try await retire(setup, true).retiredAt == retired.retiredAt)
        #expect(try await auditCount(setup, "item.retired") == 1)

        #expect(try await list(setup, status: "").isEmpty)
        #expect(try await list(setup, status: "active").isEmpty)
        #expect(try await list(setup, status: "retired") == [setup.item.id])
        #expect(try await list(setup, status: "all") == [setup.item.id])
        var get = Metrology_Flows_V1_GetItemRequest()
        get.itemID = setup.item.id
        #expect(try await setup.fx.client.call(FlowsMethods.getItem, get, options: setup.options).retired)
        #expect(try await usability(setup) == "ITEM_RETIRED")

        var rename = Metrology_Flows_V1_UpdateItemRequest()
        rename.itemID = setup.item.id
        rename.name = "改名"
        let refused = try await expectRPCError(.failedPrecondition) {
            _ = try await setup.fx.client.call(FlowsMethods.updateItem, rename, options: setup.options)
        }
        #expect(refused.reason == "FLOWS_ITEM_RETIRED")
        var addType = Metrology_Flows_V1_AddTestTypeRequest()
        addType.itemID = setup.item.id
        addType.category = "calibration"
        addType.subtype = "1"
        let refusedType = try await expectRPCError(.failedPrecondition) {
            _ = try await setup.fx.client.call(FlowsMethods.addTestType, addType, options: setup.options)
        }
        #expect(refusedType.reason == "FLOWS_ITEM_RETIRED")

        let back = try await retire(setup, false)
        #expect(!back.retired && !back.hasRetiredAt && back.retiredReason.isEmpty)
        #expect(try await list(setup, status: "") == [setup.item.id])
        #expect(try await usability(setup) == "ITEM_NO_PUBLISHED_PROCEDURE")
        #expect(try await auditCount(setup, "item.reactivated") == 1)
        #expect(try await setup.fx.client.call(AuditMethods.verify("flows"), .init(), options: setup.options).intact)
    }

    @Test("a retired test type stays on the item, marked, and cannot start work; a retired item's type cannot be reactivated")
    func retireTestType() async throws {
        let setup = try await Setup.make("flows-retire-type")
        defer { Task { await setup.fx.close() } }
        let item = try await retireType(setup, true)
        #expect(item.types.map(\.code) == ["verification:subsequent"])
        #expect(item.types.first?.retired == true)
        #expect(try await usability(setup) == "ITEM_TYPE_RETIRED")
        #expect(try await auditCount(setup, "item.type_retired") == 1)

        let unknown = try await expectRPCError(.notFound) { _ = try await retireType(setup, true, type: "calibration:7") }
        #expect(unknown.reason == "FLOWS_TYPE_NOT_FOUND")

        _ = try await retire(setup, true)
        let blocked = try await expectRPCError(.failedPrecondition) { _ = try await retireType(setup, false) }
        #expect(blocked.reason == "FLOWS_ITEM_RETIRED")
        _ = try await retire(setup, false)
        #expect(try await retireType(setup, false).types.first?.retired == false)
        #expect(try await usability(setup) == "ITEM_NO_PUBLISHED_PROCEDURE")
    }

    @Test("retiring needs setup.manage; a bad status filter or an overlong reason is refused by name")
    func permissionsAndValidation() async throws {
        let setup = try await Setup.make("flows-retire-perm")
        defer { Task { await setup.fx.close() } }
        let tester = try await setup.fx.createUser("retire-tester", roles: ["metrologist"])
        let token = try await setup.fx.login(tester.username).accessToken
        let denied = try await expectRPCError(.permissionDenied) { _ = try await retire(setup, true, token: token) }
        #expect(denied.reason == "PERMISSION_DENIED")

        let long = try await expectRPCError(.invalidArgument) { _ = try await retire(setup, true, reason: String(repeating: "长", count: 201)) }
        #expect(long.reason == "FLOWS_RETIRE_REASON_INVALID")
        let status = try await expectRPCError(.invalidArgument) { _ = try await list(setup, status: "deleted") }
        #expect(status.reason == "FLOWS_ITEM_STATUS_INVALID")
    }
}
