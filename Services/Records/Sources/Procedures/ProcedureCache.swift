import Contracts
import RPCCore
import ServiceKit

/// Published procedure versions, fetched from flows (GetProcedureVersion) once per (item, type, version) and kept
/// compiled for the life of the process: a version never changes after publication, so there is nothing to
/// invalidate. Concurrent first requests for one version share one fetch; a failed fetch is not kept.
///
/// It calls another service, so it must run outside a transaction: in a write, from `router.write`'s `prepare:`.
actor ProcedureCache {
    static let shared = ProcedureCache()

    private struct Key: Hashable {
        let itemID: String
        let typeCode: String
        let version: Int32
    }

    private var entries: [Key: Task<PinnedProcedure, any Error>] = [:]

    func procedure(itemID: String, typeCode: String, version: Int32, context: CallContext) async throws -> PinnedProcedure {
        // Version 0 means "the latest" to flows, which moves; a task always pins a published version.
        guard version > 0 else {
            throw RPCError(
                code: .failedPrecondition, message: "任务没有固定的检测流程版本", reason: "RECORDS_PROCEDURE_UNUSABLE",
                details: ["itemId": itemID, "typeCode": typeCode])
        }
        let key = Key(itemID: itemID, typeCode: typeCode, version: version)
        if let entry = entries[key] { return try await entry.value }
        let fetch = Task<PinnedProcedure, any Error> {
            var request = Metrology_Flows_V1_GetProcedureVersionRequest()
            request.itemID = itemID
            request.typeCode = typeCode
            request.version = version
            let published = try await context.call(FlowsMethods.getProcedureVersion, request, step: "procedure-\(version)")
            return try PinnedProcedure(published)
        }
        entries[key] = fetch
        do {
            return try await fetch.value
        } catch {
            if entries[key].map({ $0 == fetch }) ?? false { entries[key] = nil }
            throw error
        }
    }

    /// Puts a version in the cache without asking flows (tests, and a caller that already holds the version).
    func store(_ procedure: PinnedProcedure) {
        entries[Key(itemID: procedure.itemID, typeCode: procedure.typeCode, version: procedure.version)] = Task { procedure }
    }
}
