import Contracts
import Foundation
import Messaging
import PostgresNIO
import RPCCore
import ServiceKit

/// "Try it" (试算): evaluates one expression against a procedure's data items with sample values, step by step.
struct FormulaHandlers: Sendable {
    let procedures: ProcedureStore

    func evaluateFormula(
        _ request: Metrology_Flows_V1_EvaluateFormulaRequest, _ context: CallContext
    ) async throws -> Metrology_Flows_V1_EvaluateFormulaResponse {
        guard request.values.count <= 2_000, request.values.allSatisfy({ $0.key.utf8.count <= 100 && $0.value.utf8.count <= 1_000 }) else {
            throw RPCError.invalidArgument("样例值过多或过长", reason: "FLOWS_FORMULA_TOO_LONG", details: ["field": "values"])
        }
        guard request.items.count <= 500 else {
            throw RPCError.invalidArgument("数据项不能超过 500 个", reason: "FLOWS_TOO_MANY_ITEMS", details: ["field": "items"])
        }
        // Bounded before anything is compiled: 5,000 nested parentheses in items[0].formula overflowed the stack.
        try DataItemInput.formula(request.expression, field: "expression")
        var items = try DataItemInput.checked(request.items)
        if items.isEmpty, !request.itemID.isEmpty {
            let id = try ItemHandlers.itemID(request.itemID)
            guard
                let draft = try await procedures.client.withConnection({
                    try await procedures.draft(item: id, type: request.typeCode, on: $0, logger: context.logger)
                })
            else { throw ProcedureHandlers.notFound }
            items = draft.items
        }
        return FormulaBridge.evaluate(expression: request.expression, items: items, values: request.values)
    }
}
