import Contracts
import FormulaEngine
import Messaging
import RPCCore
import ServiceKit

/// What a procedure's data items bring in from a caller, checked before anything is parsed or stored: the text people
/// read (titles, units, choices, point labels, groups) by the shared `HumanText` rule, and each formula against the
/// engine's bounds. Both refuse with INVALID_ARGUMENT naming the field as the caller wrote it (`items[3].formula`),
/// so a draft that could crash the service at every load is never saved, and a "try it" request never compiles one.
enum DataItemInput {
    /// The items with their text NFC-normalised, or the first refusal.
    static func checked(_ items: [Metrology_Flows_V1_DataItem]) throws(RPCError) -> [Metrology_Flows_V1_DataItem] {
        var checked = items
        for index in checked.indices {
            let field = "items[\(index)]"
            checked[index].title = try HumanText(field: "\(field).title", maxLength: 60).check(items[index].title)
            checked[index].unit = try HumanText(field: "\(field).unit", maxLength: 20).check(items[index].unit)
            checked[index].group = try HumanText(field: "\(field).group", maxLength: 60).check(items[index].group)
            for (position, choice) in items[index].choices.enumerated() {
                checked[index].choices[position] = try HumanText(field: "\(field).choices[\(position)]", maxLength: 60).check(choice)
            }
            for (position, label) in items[index].pointLabels.enumerated() {
                checked[index].pointLabels[position] = try HumanText(field: "\(field).pointLabels[\(position)]", maxLength: 60).check(label)
            }
            try formula(items[index].formula, field: "\(field).formula", itemCode: items[index].code)
        }
        return checked
    }

    /// FORMULA_TOO_LONG or FORMULA_TOO_DEEP as INVALID_ARGUMENT with the field; any other problem of the formula is
    /// left to the formula check, which reports it with its place.
    static func formula(_ source: String, field: String, itemCode: String = "") throws(RPCError) {
        do throws(FormulaError) {
            try FormulaLimits.check(source)
        } catch {
            var details = ["field": field]
            if !itemCode.isEmpty { details["itemCode"] = itemCode }
            if let range = error.range {
                details["line"] = "\(range.line)"
                details["column"] = "\(range.column)"
            }
            throw RPCError.invalidArgument(error.message, reason: error.code.rawValue, details: details)
        }
    }
}
