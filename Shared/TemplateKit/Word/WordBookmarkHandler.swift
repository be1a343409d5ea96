/// SAX state for one Word part: where we are (paragraph number, table and row), which bookmarks are open (to collect
/// their placeholder text), and the field codes seen.
final class WordBookmarkHandler: XMLEventHandler {
    static let placeholderLimit = 200
    /// Field codes that make Word read a file or run a program when the document is opened or updated.
    static let externalFieldCodes: Set<String> = ["DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "LINK", "IMPORT"]

    private struct Table {
        let index: Int
        var rows = 0
        var rowOpen = false
        /// Bookmarks written directly inside w:tbl (Word does this for column bookmarks): they belong to the next row.
        var pending: [Int] = []
    }

    private let part: String
    private let label: WordPartLabel
    private var fields: [TemplateField] = []
    private(set) var externalFieldProblem: String?

    private var skipDepth = 0
    private var paragraphDepth = 0
    private var paragraphs = 0
    private var tables: [Table] = []
    private var tableCount = 0
    private var openBookmarks: [String: Int] = [:]
    private var inText = false
    private var inInstruction = false
    /// Complex fields (fldChar begin … separate … end) can nest; each keeps its instruction and whether it was judged.
    private var instructions: [(text: String, judged: Bool)] = []

    init(part: String, label: WordPartLabel) {
        self.part = part
        self.label = label
    }

    /// The fields with empty placeholders turned into nil.
    var finishedFields: [TemplateField] {
        fields.map { field in
            var field = field
            if field.placeholder?.isEmpty == true { field.placeholder = nil }
            return field
        }
    }

    func start(_ element: XMLElementStart) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        // mc:Fallback repeats the mc:Choice content (e.g. a text box as VML); reading both would report every
        // bookmark in it twice.
        if element.namespace == OOXMLNamespaces.markupCompatibility && element.name == "Fallback" {
            skipDepth = 1
            return
        }
        guard OOXMLNamespaces.wordprocessing.contains(element.namespace) else { return }
        let ns = element.namespace
        switch element.name {
        case "p":
            if paragraphDepth == 0 && tables.isEmpty { paragraphs += 1 }
            paragraphDepth += 1
        case "tbl":
            tableCount += 1
            tables.append(Table(index: tableCount))
        case "tr":
            guard !tables.isEmpty else { return }
            tables[tables.count - 1].rows += 1
            tables[tables.count - 1].rowOpen = true
            let table = tables[tables.count - 1]
            for index in table.pending { place(index, table: table.index, row: table.rows) }
            tables[tables.count - 1].pending = []
        case "bookmarkStart":
            bookmark(name: element.attribute("name", in: ns), id: element.attribute("id", in: ns))
        case "bookmarkEnd":
            if let id = element.attribute("id", in: ns) { openBookmarks[id] = nil }
        case "t":
            inText = true
        case "instrText":
            inInstruction = true
        case "fldChar":
            switch element.attribute("fldCharType", in: ns) {
            case "begin": instructions.append(("", false))
            case "separate": judgeInnermost()
            case "end":
                judgeInnermost()
                _ = instructions.popLast()
            default: break
            }
        case "fldSimple":
            judge(element.attribute("instr", in: ns) ?? "")
        default:
            break
        }
    }

    func end(namespace: String, name: String) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        guard OOXMLNamespaces.wordprocessing.contains(namespace) else { return }
        switch name {
        case "p": paragraphDepth = max(paragraphDepth - 1, 0)
        case "tbl": _ = tables.popLast()
        case "tr": if !tables.isEmpty { tables[tables.count - 1].rowOpen = false }
        case "t": inText = false
        case "instrText": inInstruction = false
        default: break
        }
    }

    func text(_ text: String) {
        guard skipDepth == 0 else { return }
        if inText {
            for index in openBookmarks.values {
                let current = fields[index].placeholder ?? ""
                if current.count < Self.placeholderLimit { fields[index].placeholder = String((current + text).prefix(Self.placeholderLimit)) }
            }
        }
        if inInstruction, !instructions.isEmpty { instructions[instructions.count - 1].text += text }
    }

    private func bookmark(name: String?, id: String?) {
        // Names starting with "_" are Word's own (_GoBack, _Toc…, _Hlk…, _Ref…) and hidden from the author.
        guard let name, !name.isEmpty, !name.hasPrefix("_") else { return }
        let index = fields.count
        fields.append(TemplateField(name: name, location: "", placeholder: ""))
        if let id { openBookmarks[id] = index }
        if let table = tables.last {
            if table.rowOpen {
                place(index, table: table.index, row: table.rows)
            } else {
                fields[index].location = label.table(table.index, row: nil)
                tables[tables.count - 1].pending.append(index)
            }
        } else {
            fields[index].location = label.paragraph(paragraphDepth > 0 ? paragraphs : paragraphs + 1)
        }
    }

    private func place(_ index: Int, table: Int, row: Int) {
        fields[index].location = label.table(table, row: row)
        fields[index].row = TemplateRowPosition(scope: part, table: table, row: row)
    }

    private func judgeInnermost() {
        guard let last = instructions.last, !last.judged else { return }
        instructions[instructions.count - 1].judged = true
        judge(last.text)
    }

    /// Field instructions may be split across runs like any text; they are judged once complete.
    private func judge(_ instruction: String) {
        guard externalFieldProblem == nil else { return }
        let code = instruction.split(whereSeparator: { $0.isWhitespace }).first.map { $0.uppercased() } ?? ""
        if Self.externalFieldCodes.contains(code) {
            externalFieldProblem = "域代码 \(code)（打开或更新时会读取外部文件或启动程序）"
        }
    }
}
