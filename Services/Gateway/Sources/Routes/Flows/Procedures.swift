import Contracts
import FlowsAPI
import Messaging
import RPCCore

/// `/v1/items/{id}/procedure*`: the procedure (检测流程) of one item and test type. An item has one procedure per type,
/// so the type code (`verification:initial`) is the required query parameter `type` rather than a path segment: its
/// colon and the service's own code format stay out of the path.
extension FlowsRoutes {
    func getProcedure(_ input: Operations.GetProcedure.Input) async throws -> Operations.GetProcedure.Output {
        let message = Self.procedure(input.path.id, input.query._type)
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.getProcedure, message)))))
    }

    /// PUT: the items replace the draft as a whole, order included. A stale `baseRevision` is the service's 409
    /// FLOWS_DRAFT_STALE (lost-update protection).
    func saveProcedureDraft(_ input: Operations.SaveProcedureDraft.Input) async throws -> Operations.SaveProcedureDraft.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_SaveProcedureDraftRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type
        message.items = body.items.map(\.message)
        // Absent is none: the body replaces the draft as a whole, its standard needs included.
        message.standards = (body.standards ?? []).map(\.message)
        message.baseRevision = body.baseRevision
        return .ok(.init(body: .json(.init(try await call(FlowsMethods.saveProcedureDraft, message)))))
    }

    /// A draft with errors is a 200 answer listing them (ok: false), not an error: checking is what was asked.
    func validateProcedure(_ input: Operations.ValidateProcedure.Input) async throws -> Operations.ValidateProcedure.Output {
        let validation = try await call(FlowsMethods.validateProcedure, Self.procedure(input.path.id, input.query._type))
        return .ok(.init(body: .json(.init(ok: validation.ok, issues: validation.issues.map(Components.Schemas.ValidationIssue.init)))))
    }

    /// 201: publishing freezes the draft as a new version; the answer is the procedure, whose `latestVersion` names it.
    /// `draftRevision` must equal the current draft's: what was reviewed is what gets published.
    func publishProcedure(_ input: Operations.PublishProcedure.Input) async throws -> Operations.PublishProcedure.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Flows_V1_PublishProcedureRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type
        message.draftRevision = body.draftRevision
        message.note = body.note ?? ""
        return .created(.init(body: .json(.init(try await call(FlowsMethods.publishProcedure, message)))))
    }

    /// Newest first, without data items (the service sends none here).
    func listProcedureVersions(_ input: Operations.ListProcedureVersions.Input) async throws -> Operations.ListProcedureVersions.Output {
        let response = try await call(FlowsMethods.listProcedureVersions, Self.procedure(input.path.id, input.query._type))
        return .ok(.init(body: .json(.init(versions: response.versions.map(Components.Schemas.ProcedureVersionSummary.init)))))
    }

    func getProcedureVersion(_ input: Operations.GetProcedureVersion.Input) async throws -> Operations.GetProcedureVersion.Output {
        // The contract reads 0 as "the latest", but a path names one version, so 0 and negatives are refused like any
        // non-number (APIErrors.pathRefusals) instead of silently answering whichever version is newest.
        guard input.path.version >= 1 else { throw Self.versionInvalid() }
        var message = Metrology_Flows_V1_GetProcedureVersionRequest()
        message.itemID = input.path.id
        message.typeCode = input.query._type
        message.version = input.path.version
        let version = try await call(FlowsMethods.getProcedureVersion, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        value1: .init(version),
                        value2: .init(
                            items: version.items.map(Components.Schemas.DataItem.init),
                            standards: version.standards.map(Components.Schemas.StandardNeed.init))))))
    }

    /// Versions are numbered from 1; anything else in the path (a word, a fraction, 0, beyond Int32) is this 400.
    static func versionInvalid() -> RPCError {
        .invalidArgument("流程版本号必须是正整数", reason: "PATH_INTEGER_INVALID", details: ["version": "必须是正整数"])
    }

    /// The item from the path and the type from the query: what every route here addresses.
    private static func procedure(_ itemID: String, _ typeCode: String) -> Metrology_Flows_V1_GetProcedureRequest {
        var message = Metrology_Flows_V1_GetProcedureRequest()
        message.itemID = itemID
        message.typeCode = typeCode
        return message
    }
}
