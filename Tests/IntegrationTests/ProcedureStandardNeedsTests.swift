import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// The kinds of measurement standard a procedure needs (所需计量标准, issue 16): kept with the draft, checked at every
/// save, frozen into each published version, and answered by GetProcedure and GetProcedureVersion — records asks the
/// tester for one standard of each kind when a task starts.
@Suite("Flows: procedure standard needs", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct ProcedureStandardNeedsTests {
    static func need(_ code: String, _ title: String) -> Metrology_Flows_V1_StandardNeed {
        var need = Metrology_Flows_V1_StandardNeed()
        need.code = code
        need.title = title
        return need
    }

    static func save(
        _ setup: FlowsTests.Setup, _ standards: [Metrology_Flows_V1_StandardNeed], revision: Int32
    ) async throws -> Metrology_Flows_V1_Procedure {
        var request = Metrology_Flows_V1_SaveProcedureDraftRequest()
        request.itemID = setup.item.id
        request.typeCode = "verification:subsequent"
        request.items = FlowsTests.fuelDispenser
        request.standards = standards
        request.baseRevision = revision
        return try await setup.fx.client.call(FlowsMethods.saveProcedureDraft, request, options: setup.options)
    }

    static func version(_ setup: FlowsTests.Setup, _ number: Int32) async throws -> Metrology_Flows_V1_ProcedureVersion {
        var request = Metrology_Flows_V1_GetProcedureVersionRequest()
        request.itemID = setup.item.id
        request.typeCode = "verification:subsequent"
        request.version = number
        return try await setup.fx.client.call(FlowsMethods.getProcedureVersion, request, options: setup.options)
    }

    @Test("needs are saved with the draft, returned by GetProcedure, frozen into the published version; a later draft leaves it alone")
    func savedAndPublished() async throws {
        let setup = try await FlowsTests.Setup.make("flows-standard-needs")
        defer { Task { await setup.fx.close() } }
        let fresh = try await setup.procedure()
        #expect(fresh.draftStandards.isEmpty)

        let metal = Self.need("metal_measure", " 标准金属量器 ")
        let saved = try await Self.save(setup, [metal, Self.need("thermometer", "温度计")], revision: fresh.draftRevision)
        #expect(saved.draftStandards.map(\.code) == ["metal_measure", "thermometer"])
        #expect(saved.draftStandards.first?.title == "标准金属量器")  // trimmed
        #expect(try await setup.procedure().draftStandards == saved.draftStandards)

        let published = try await setup.publish(revision: saved.draftRevision)
        #expect(try await Self.version(setup, published.latestVersion).standards == saved.draftStandards)
        #expect(try await Self.version(setup, 0).standards.map(\.code) == ["metal_measure", "thermometer"])  // 0 = the latest

        // The body replaces the draft as a whole: a save without needs leaves none; version 1 keeps its own.
        let cleared = try await Self.save(setup, [], revision: published.draftRevision)
        #expect(cleared.draftStandards.isEmpty)
        let second = try await setup.publish(revision: cleared.draftRevision)
        #expect(try await Self.version(setup, second.latestVersion).standards.isEmpty)
        #expect(try await Self.version(setup, 1).standards.map(\.title) == ["标准金属量器", "温度计"])

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = "procedure.draft_saved"
        audit.entityID = "\(setup.item.id)/verification:subsequent"
        let entries = try await setup.fx.client.call(AuditMethods.list("flows"), audit, options: setup.options).entries
        #expect(entries.contains { $0.detailsJson.contains("metal_measure=标准金属量器,thermometer=温度计") })
    }

    @Test("a malformed, repeated or untitled need, or more than 20, is refused naming the field; nothing is saved")
    func refusals() async throws {
        let setup = try await FlowsTests.Setup.make("flows-standard-needs-refused")
        defer { Task { await setup.fx.close() } }
        let draft = try await setup.procedure()
        let revision = draft.draftRevision
        let metal = Self.need("metal_measure", "标准金属量器")

        for code in ["", "1metal", "metal measure", "量器", String(repeating: "m", count: 41)] {
            let refused = try await expectRPCError(.invalidArgument) {
                _ = try await Self.save(setup, [metal, Self.need(code, "量器")], revision: revision)
            }
            #expect(refused.reason == "FLOWS_STANDARD_NEED_CODE_INVALID")
            #expect(refused.details["field"] == "standards[1].code")
        }
        let duplicate = try await expectRPCError(.invalidArgument) {
            _ = try await Self.save(setup, [metal, Self.need("Metal_Measure", "另一量器")], revision: revision)
        }
        #expect(duplicate.reason == "FLOWS_STANDARD_NEED_DUPLICATE")
        #expect(duplicate.details["field"] == "standards[1].code")
        let untitled = try await expectRPCError(.invalidArgument) {
            _ = try await Self.save(setup, [Self.need("metal_measure", "  ")], revision: revision)
        }
        #expect(untitled.reason == "FLOWS_STANDARD_NEED_TITLE_REQUIRED")
        #expect(untitled.details["field"] == "standards[0].title")
        let control = try await expectRPCError(.invalidArgument) {
            _ = try await Self.save(setup, [Self.need("metal_measure", "量器\u{7}")], revision: revision)
        }
        #expect(control.reason == "TEXT_INVALID_CHARACTERS")
        #expect(control.details["field"] == "standards[0].title")
        let many = (1...21).map { Self.need("kind\($0)", "标准 \($0)") }
        let tooMany = try await expectRPCError(.invalidArgument) { _ = try await Self.save(setup, many, revision: revision) }
        #expect(tooMany.reason == "FLOWS_TOO_MANY_STANDARD_NEEDS")

        let after = try await setup.procedure()
        #expect(after.draftRevision == revision)
        #expect(after.draftStandards.isEmpty)
        #expect(try await Self.save(setup, Array(many.prefix(20)), revision: revision).draftStandards.count == 20)
    }
}
