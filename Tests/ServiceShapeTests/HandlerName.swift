import Foundation

/// The name of the handler a `router.query/write/register(…)` call passes, read from the source line the route table
/// recorded for it (`ServiceRouter.registrations`): a closure value carries no name at run time.
enum HandlerName {
    static let inlineClosure = "{…}"

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The last component of the handler argument (`items.createItem` → `createItem`): the first unlabelled argument
    /// after the method (query/write) or the full name (register). A trailing closure is `inlineClosure`.
    static func at(file: String, line: Int) throws -> String {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        guard line >= 1, line <= lines.count else { throw Unreadable(description: "\(file):\(line) is past the end") }
        let text = lines[(line - 1)...].joined(separator: "\n")
        guard let open = text.firstIndex(of: "(") else { throw Unreadable(description: "no call at \(file):\(line)") }
        // The call's arguments, split at top-level commas, up to its closing parenthesis.
        var depth = 0
        var arguments: [String] = []
        var current = ""
        var end = text.endIndex
        for index in text[text.index(after: open)...].indices {
            let character = text[index]
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) {
                if depth == 0 { end = index; break }
                depth -= 1
            }
            if character == ",", depth == 0 {
                arguments.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            } else {
                current.append(character)
            }
        }
        arguments.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
        let unlabelled = arguments.dropFirst().filter { !$0.isEmpty && !isLabelled($0) }
        guard let handler = unlabelled.first else {
            // `router.query(method, access: …) { … }`: the handler follows the parenthesis.
            if text[end...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("{") { return inlineClosure }
            throw Unreadable(description: "no handler argument at \(file):\(line)")
        }
        if handler.hasPrefix("{") { return inlineClosure }
        return String(handler.split(separator: ".").last ?? "")
    }

    /// `access: .authenticated` or `afterFailure: x` (but not a closure or a member path).
    private static func isLabelled(_ argument: String) -> Bool {
        guard let colon = argument.firstIndex(of: ":") else { return false }
        return argument[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
