import Foundation

/// Splits a SQL file into statements. PostgresNIO speaks only the extended query protocol, which takes one
/// statement at a time, so migrations are split here: on `;` outside quotes ('…', "…"), comments (-- …, /* … */)
/// and dollar-quoted bodies ($$ … $$, $tag$ … $tag$).
public enum SQLScript {
    public static func statements(_ sql: String) -> [String] {
        let characters = Array(sql)
        var statements: [String] = []
        var current = ""
        var index = 0
        func peek(_ offset: Int) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty && !isOnlyComments(trimmed) { statements.append(trimmed) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "'", "\"":
                // Quoted literal or identifier; a doubled quote inside escapes it.
                current.append(character)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    if characters[index] == character {
                        if peek(1) == character {
                            index += 1
                            current.append(characters[index])
                        } else {
                            break
                        }
                    }
                    index += 1
                }
            case "-" where peek(1) == "-":
                while index < characters.count && characters[index] != "\n" {
                    current.append(characters[index])
                    index += 1
                }
                continue
            case "/" where peek(1) == "*":
                while index < characters.count && !(characters[index] == "*" && peek(1) == "/") {
                    current.append(characters[index])
                    index += 1
                }
                current += "*/"
                index += 2
                continue
            case "$":
                if let tag = dollarTag(characters, at: index) {
                    current += tag
                    index += tag.count
                    while index < characters.count && !String(characters[index..<min(characters.count, index + tag.count)]).elementsEqual(tag) {
                        current.append(characters[index])
                        index += 1
                    }
                    current += tag
                    index += tag.count
                    continue
                }
                current.append(character)
            case ";":
                flush()
            default:
                current.append(character)
            }
            index += 1
        }
        flush()
        return statements
    }

    /// `$$` or `$name$` starting at `index`, or nil when the `$` is something else (a parameter like `$1`).
    private static func dollarTag(_ characters: [Character], at index: Int) -> String? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" || (end > index + 1 && characters[end].isNumber) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return String(characters[index...end])
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }
}
