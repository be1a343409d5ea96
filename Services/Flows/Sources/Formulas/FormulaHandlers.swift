import Contracts
import Foundation
import Messaging
import ServiceKit

/// "Try it" (试算): evaluates one expression against a procedure's data items with sample values, step by step.
struct FormulaHandlers: Sendable {
    let procedures: ProcedureStore

    func evaluate(_ request: Metrology_Flows_V1_EvaluateFormulaRequest, _ context: CallContext) async throws -> Metrology_Flows_V1_EvaluateFormulaResponse {
        guard request.expression.count <= 2_000, request.values.count <= 2_000 else {
            throw RPCError.invalidArgument("公式或样例值过长", reason: "FLOWS_FORMULA_TOO_LONG")
        }
        var items = request.items
        if items.isEmpty, !request.itemID.isEmpty {
            let id = try ItemHandlers.itemID(request.itemID)
            guard let draft = try await procedures.client.withConnection({ try await procedures.draft(item: id, type: request.typeCode, on: $0, logger: context.logger) })
            else { throw ProcedureHandlers.notFound }
            items = draft.items
        }
        return FormulaBridge.evaluate(expression: request.expression, items: items, values: request.values)
    }
}
