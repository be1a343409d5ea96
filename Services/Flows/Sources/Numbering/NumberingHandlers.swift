import Auth
import Contracts
import Foundation
import Messaging
import Persistence
import PostgresNIO
import RPCCore
import ServiceKit
import SwiftProtobuf

/// Numbering (证书编号设置, §4.3.8): per item and type, one rule for raw records and one for certificates. Numbers are
/// issued in order, without gaps and never twice, also with many callers across instances.
struct NumberingHandlers: Sendable {
    let items: ItemStore
    let store: NumberingStore
    let gate = CounterGate()
    /// Concurrent IssueNumber calls of one rule, committed together (`issueNumberTogether`).
    let groups: WriteGroups<String, IssueCall>

    init(items: ItemStore, store: NumberingStore, writer: IdempotentWriter?) {
        self.items = items
        self.store = store
        groups = WriteGroups { calls in await Self.issue(together: calls, store: store, writer: writer) }
    }

    func setNumberingRule(
        _ request: Metrology_Flows_V1_SetNumberingRuleRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_NumberingRule
    {
        let id = try ItemHandlers.itemID(request.itemID)
        guard let item = try await items.item(id: id, lock: true, on: connection, logger: context.logger) else { throw ItemHandlers.notFound }
        guard item.types.contains(where: { $0.code == request.typeCode }) else {
            throw RPCError.invalidArgument("该检测项目没有类型“\(request.typeCode)”", reason: "FLOWS_TYPE_UNKNOWN", details: ["field": "typeCode"])
        }
        try Self.target(request.target)
        for (field, text) in [("prefix", request.prefix), ("suffix", request.suffix)] {
            guard text.count <= 20, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw RPCError.invalidArgument("前缀和后缀至多 20 个字符，且不能含空白", reason: "FLOWS_NUMBERING_AFFIX_INVALID", details: ["field": field])
            }
        }
        guard NumberFormat.patterns.contains(request.datePattern) else {
            throw RPCError.invalidArgument(
                "日期部分必须是 none、YYYY、YYYYMM 或 YYYYMMDD", reason: "FLOWS_NUMBERING_PATTERN_INVALID", details: ["field": "datePattern"])
        }
        guard (1...12).contains(request.width) else {
            throw RPCError.invalidArgument("流水号位数须在 1 到 12 之间", reason: "FLOWS_NUMBERING_WIDTH_INVALID", details: ["field": "width"])
        }
        let format = NumberFormat(prefix: request.prefix, suffix: request.suffix, datePattern: request.datePattern, width: Int(request.width))
        guard request.start >= 0, request.start <= format.maxSequence else {
            throw RPCError.invalidArgument("起始号须在 0 到 \(format.maxSequence) 之间", reason: "FLOWS_NUMBERING_START_INVALID", details: ["field": "start"])
        }
        // The start can never move back below what was issued in the current period: those numbers exist.
        let period = format.period(of: .today)
        let highest = try await store.highestIssued(
            item: id, type: request.typeCode, target: request.target, period: period, on: connection, logger: context.logger)
        guard request.start > highest || highest == 0 else {
            throw RPCError(
                code: .failedPrecondition, message: "起始号不能小于或等于已发出的最大流水号 \(highest)", reason: "FLOWS_NUMBERING_START_BELOW_ISSUED",
                details: ["field": "start", "highestIssued": "\(highest)"])
        }
        let before = try await store.rule(item: id, type: request.typeCode, target: request.target, on: connection, logger: context.logger)
        let rule = NumberingStore.Rule(
            itemID: id, typeCode: request.typeCode, target: request.target, format: format, start: request.start, updatedAt: Date())
        guard try await store.save(rule, on: connection, logger: context.logger) else {
            throw RPCError(
                code: .alreadyExists, message: "另一个检测项目或类型已使用完全相同的编号格式，编号会重复", reason: "FLOWS_NUMBERING_FORMAT_TAKEN",
                details: ["field": "prefix"])
        }
        let example = format.number(sequence: request.start, period: period)
        try await context.audit(
            "numbering.rule_set", entityType: "numbering_rule", entityID: "\(request.itemID)/\(request.typeCode)/\(request.target)",
            summary:
                "设置\(request.target == "certificate" ? "证书" : "原始记录")编号规则（\(item.name) \(TestTypeCatalog.title(of: request.typeCode))），示例 \(example)",
            details: [
                "before": before.map { "\($0.format.prefix)|\($0.format.datePattern)|\($0.format.width)|\($0.format.suffix)|\($0.start)" } ?? "",
                "after": "\(format.prefix)|\(format.datePattern)|\(format.width)|\(format.suffix)|\(request.start)",
            ], on: connection)
        return try await message(rule, on: connection, context: context)
    }

    func listNumberingRules(
        _ request: Metrology_Flows_V1_ListNumberingRulesRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_ListNumberingRulesResponse {
        let id = try ItemHandlers.itemID(request.itemID)
        var response = Metrology_Flows_V1_ListNumberingRulesResponse()
        for rule in try await store.rules(item: id, logger: context.logger) {
            response.rules.append(try await store.client.withConnection { try await message(rule, on: $0, context: context) })
        }
        return response
    }

    func previewNumbers(
        _ request: Metrology_Flows_V1_PreviewNumbersRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_PreviewNumbersResponse {
        let rule = try await rule(item: request.itemID, type: request.typeCode, target: request.target, context: context)
        let period = rule.format.period(of: .today)
        let next = try await store.peek(rule, period: period, logger: context.logger)
        let count = Int64(min(max(request.count, 1), 20))
        var response = Metrology_Flows_V1_PreviewNumbersResponse()
        response.numbers = (0..<count).map { rule.format.number(sequence: next + $0, period: period) }
        return response
    }

    func issueNumber(
        _ request: Metrology_Flows_V1_IssueNumberRequest, _ context: CallContext, _ connection: PostgresConnection
    ) async throws
        -> Metrology_Flows_V1_IssuedNumber
    {
        // Numbers are taken by whoever creates what they number (or administers numbering), nobody else.
        try Self.target(request.target)
        try NumberingEntitlement.require(try context.caller(), target: request.target)
        let rule = try await rule(item: request.itemID, type: request.typeCode, target: request.target, context: context, on: connection)
        let reference = String(request.reference.prefix(100))
        // Asked again for what it numbered already (a retry with a new message id, a re-run acceptance): the same
        // number, so none is burnt.
        if let (known, period) = try await store.issued(reference: reference, rule: rule, on: connection, logger: context.logger) {
            return Self.message(known, period: period)
        }
        let period = rule.format.period(of: .today)
        let kind = rule.target == "certificate" ? "证书" : "原始记录"
        let audit = context.auditEvent(
            "number.issued", entityType: "number", entityID: "", summary: "发出\(kind)编号 ", details: ["reference": reference, "period": period])
        let user = try context.caller().userID
        let key = "\(rule.itemID)/\(rule.typeCode)/\(rule.target)/\(period)"
        let outcome = try await gate.run(key) {
            try await store.issue(rule, period: period, reference: reference, by: user, audit: audit, on: connection, logger: context.logger)
        }
        switch outcome {
        case .issued(let issued):
            return Self.message(issued, period: period)
        case .exhausted:
            throw RPCError(code: .resourceExhausted, message: "流水号已用尽（\(rule.format.width) 位），请调整编号规则", reason: "FLOWS_NUMBERING_EXHAUSTED")
        case .conflict(let printed):
            if !reference.isEmpty, try await store.issued(reference: reference, rule: rule, on: connection, logger: context.logger) != nil {
                // Numbered by a concurrent call for the same reference: this transaction rolls back; a retry gets that number.
                throw RPCError(code: .aborted, message: "该编号正在由另一请求发出，请稍后重试", reason: "FLOWS_NUMBERING_IN_PROGRESS")
            }
            // Rolled back with the counter: no gap, no duplicate; an administrator must change one of the rules.
            throw RPCError(code: .failedPrecondition, message: "编号 \(printed) 已被其他规则发出，请调整编号规则", reason: "FLOWS_NUMBERING_COLLISION")
        }
    }

    static func message(_ issued: NumberingStore.Issued, period: String) -> Metrology_Flows_V1_IssuedNumber {
        var message = Metrology_Flows_V1_IssuedNumber()
        message.number = issued.number
        message.sequence = issued.sequence
        message.period = period
        message.issuedAt = Google_Protobuf_Timestamp(date: issued.issuedAt)
        return message
    }

    private func rule(
        item: String, type: String, target: String, context: CallContext, on connection: PostgresConnection? = nil
    ) async throws
        -> NumberingStore.Rule
    {
        let id = try ItemHandlers.itemID(item)
        try Self.target(target)
        guard let rule = try await store.rule(item: id, type: type, target: target, on: connection, logger: context.logger) else {
            throw RPCError(code: .failedPrecondition, message: "该检测项目和类型尚未设置编号规则", reason: "FLOWS_NUMBERING_RULE_MISSING")
        }
        return rule
    }

    private func message(
        _ rule: NumberingStore.Rule, on connection: PostgresConnection, context: CallContext
    ) async throws -> Metrology_Flows_V1_NumberingRule {
        var message = Metrology_Flows_V1_NumberingRule()
        message.itemID = rule.itemID.uuidString.lowercased()
        message.typeCode = rule.typeCode
        message.target = rule.target
        message.prefix = rule.format.prefix
        message.suffix = rule.format.suffix
        message.datePattern = rule.format.datePattern
        message.width = Int32(rule.format.width)
        message.start = rule.start
        message.next = try await store.peek(rule, period: rule.format.period(of: .today), on: connection, logger: context.logger)
        message.issuedCount = try await store.issuedCount(
            item: rule.itemID, type: rule.typeCode, target: rule.target, on: connection, logger: context.logger)
        message.updatedAt = .init(date: rule.updatedAt)
        return message
    }

    static func target(_ text: String) throws {
        guard ["raw_record", "certificate"].contains(text) else {
            throw RPCError.invalidArgument(
                "编号对象必须是 raw_record（原始记录）或 certificate（证书报告）", reason: "FLOWS_NUMBERING_TARGET_INVALID", details: ["field": "target"])
        }
    }
}
