import Contracts
import FormulaEngine
import Foundation
import ProcedureKit

/// Between a procedure's data items and the formula engine: the schema formulas are checked against, the sample
/// values of "try it", and the engine's errors as validation issues with their positions.
enum FormulaBridge {
    static let formulaKinds = ProcedureFormulas.formulaKinds

    /// The shared mapping (ProcedureKit), so records computes with exactly what flows publishes.
    /// - Parameter detached: computed items treated as plain (empty) inputs, so "try it" need not evaluate them.
    static func schema(_ items: [Metrology_Flows_V1_DataItem], detached: Set<String> = []) -> FormulaSchema {
        ProcedureFormulas.schema(items, detached: detached)
    }

    static func formulas(_ items: [Metrology_Flows_V1_DataItem], detached: Set<String> = []) -> [String: String] {
        ProcedureFormulas.formulas(items, detached: detached)
    }

    /// Every formula error, at most one per formula, in procedure order.
    static func check(_ items: [Metrology_Flows_V1_DataItem]) -> [Metrology_Flows_V1_ValidationIssue] {
        FormulaSet.check(schema: schema(items), formulas: formulas(items)).map { issue($0, item: $0.formula ?? "") }
    }

    static func issue(_ error: FormulaError, item: String) -> Metrology_Flows_V1_ValidationIssue {
        .error(
            item: item, code: error.code.rawValue, message: error.message, line: Int32(error.range?.line ?? 0),
            column: Int32(error.range?.column ?? 0),
            length: Int32(error.length))
    }

    static func evaluate(
        expression: String, items: [Metrology_Flows_V1_DataItem], values: [String: String]
    ) -> Metrology_Flows_V1_EvaluateFormulaResponse {
        var response = Metrology_Flows_V1_EvaluateFormulaResponse()
        // Sample values usually cover only what the expression needs: another formula that lacks its inputs is
        // detached (treated as an empty input) and the trial runs again. If the expression needed it, the
        // expression itself then reports the missing value.
        var detached: Set<String> = []
        do throws(FormulaError) {
            let sample = try inputs(items, values)
            var trial: FormulaTrial?
            while trial == nil {
                do throws(FormulaError) {
                    trial = try Formula.evaluate(
                        expression, schema: schema(items, detached: detached), formulas: formulas(items, detached: detached), sample: sample)
                } catch {
                    guard error.code == .missingValue, let other = error.formula, !detached.contains(other), detached.count < items.count else {
                        throw error
                    }
                    detached.insert(other)
                }
            }
            guard let trial else { throw FormulaError(.missingValue, "表达式没有得到值") }
            response.ok = true
            response.value = text(trial.value)
            response.unit = trial.value.unit ?? trial.type.unit ?? ""
            response.type = trial.type.base.rawValue
            response.steps = trial.steps.map { step in
                var message = Metrology_Flows_V1_EvaluationStep()
                message.expression = step.formula.map { "\($0)：\(step.expression)" } ?? step.expression
                message.value = text(step.value)
                message.unit = step.unit ?? ""
                return message
            }
        } catch {
            response.ok = false
            response.error = issue(error, item: error.formula ?? "")
        }
        return response
    }

    /// Sample values: `code` → decimal or text, table cells as `code[point,run]` (1-based).
    static func inputs(_ items: [Metrology_Flows_V1_DataItem], _ values: [String: String]) throws(FormulaError) -> [String: FormulaValue] {
        var inputs: [String: FormulaValue] = [:]
        var tables: [String: FormulaTable] = [:]
        for item in items where item.kind == "table" {
            tables[item.code] = FormulaTable(points: Int(max(item.points, 1)), runs: Int(max(item.runs, 1)))
        }
        let kinds = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, raw) in values {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                let code = String(key[..<open])
                let indices = key[key.index(after: open)..<key.index(before: key.endIndex)].split(separator: ",").compactMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                }
                guard var table = tables[code], indices.count == 2, (1...table.points).contains(indices[0]), (1...table.runs).contains(indices[1])
                else {
                    throw FormulaError(.unknownName, "样例值“\(key)”不是读数表的有效单元格")
                }
                table.cells[(indices[0] - 1) * table.runs + indices[1] - 1] = try ExactDecimal(parsing: text)
                tables[code] = table
                continue
            }
            guard let item = kinds[key] else { throw FormulaError(.unknownName, "样例值“\(key)”不是本流程的数据项") }
            switch item.kind {
            case "number": inputs[key] = .number(try ExactDecimal(parsing: text), unit: item.unit.isEmpty ? nil : item.unit)
            case "table", "computed", "judgement", "conclusion": throw FormulaError(.type, "数据项“\(key)”不能直接给样例值")
            default: inputs[key] = .text(text)
            }
        }
        for (code, table) in tables where table.cells.contains(where: { $0 != nil }) { inputs[code] = .table(table) }
        return inputs
    }

    /// A value as the "try it" panel shows it: numbers without their unit (it has its own field).
    static func text(_ value: FormulaValue) -> String {
        switch value {
        case .number(let number, _): number.description
        case .numbers(let numbers, _): "[" + numbers.map(\.description).joined(separator: ", ") + "]"
        default: value.description
        }
    }
}
