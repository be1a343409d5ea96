import Auth
import Contracts
import Foundation
import Logging
import Persistence
import ServiceKit
import SwiftProtobuf

/// IssueNumber's group commit. Every number of a rule and period waits on its counter row, so calls that arrive
/// together are numbered together: one transaction claims all their message ids, moves the counter once, prints,
/// inserts and audits every number in one statement, and stores every reply in one more (see
/// `IdempotentWriter.together`). Gapless and exactly-once hold as for one call: the counter commits with all the
/// numbers and their stored replies, or with none of them.
///
/// Only the common case goes this way: a call that would be refused (no entitlement, an invalid argument), a retry
/// (its message id is claimed), a reference numbered already, a rule without numbers left — anything but a plain
/// new number — makes its group roll back, and each call of it runs alone through `issueNumber`, which gives each
/// its own answer and stores it.
extension NumberingHandlers {
    struct IssueCall: Sendable {
        var ticket: WriteTicket
        var itemID: UUID
        var typeCode: String
        var target: String
        var number: NumberingStore.TogetherCall
    }

    func issueNumberTogether(_ request: Metrology_Flows_V1_IssueNumberRequest, _ context: CallContext, _ ticket: WriteTicket) async -> [UInt8]? {
        guard let itemID = try? ItemHandlers.itemID(request.itemID), (try? Self.target(request.target)) != nil,
            let caller = try? context.caller(), (try? NumberingEntitlement.require(caller, target: request.target)) != nil
        else { return nil }
        let reference = String(request.reference.prefix(100))
        let kind = request.target == "certificate" ? "证书" : "原始记录"
        let audit = context.auditEvent(
            "number.issued", entityType: "number", entityID: "", summary: "发出\(kind)编号 ", details: ["reference": reference])
        let call = IssueCall(
            ticket: ticket, itemID: itemID, typeCode: request.typeCode, target: request.target,
            number: NumberingStore.TogetherCall(reference: reference, user: caller.userID, audit: audit))
        return await groups.submit(call, key: "\(itemID)/\(request.typeCode)/\(request.target)")
    }

    /// One group's transaction; nil for every call when it did not commit.
    static func issue(together calls: [IssueCall], store: NumberingStore, writer: IdempotentWriter?) async -> [[UInt8]?] {
        guard let writer, let first = calls.first else { return calls.map { _ in nil } }
        let logger = first.ticket.logger
        do {
            return try await writer.together(calls.map(\.ticket), logger: logger) { connection in
                guard let rule = try await store.rule(item: first.itemID, type: first.typeCode, target: first.target, on: connection, logger: logger),
                    case let period = rule.format.period(of: .today),
                    let issued = try await store.issue(rule, period: period, together: calls.map(\.number), on: connection, logger: logger)
                else { throw IdempotentWriter.Declined() }
                return try issued.map { try Self.message($0, period: period).serializedBytes() }
            }
        } catch {
            // Declined, or the transaction failed: nothing of the group committed, and each call runs alone.
            logger.debug("numbers not issued together", metadata: ["calls": "\(calls.count)", "error": "\(String(reflecting: error))"])
            return calls.map { _ in nil }
        }
    }
}
