/// Lists the bookmarks of a .docx: the body (word/document.xml) first, then headers and footers, each in document
/// order. Bookmarks are elements of their own (`w:bookmarkStart`), independent of runs, so Word splitting the
/// placeholder text into several `w:r` (spell-check marks, formatting, revision ids) cannot hide or break one.
enum WordBookmarkScanner {
    static func scan(_ package: OfficePackage) throws(TemplateRejection) -> [TemplateField] {
        var fields: [TemplateField] = []
        for (entry, label) in parts(package) {
            let handler = WordBookmarkHandler(part: entry.name, label: label)
            try package.parse(entry, into: handler)
            if let problem = handler.externalFieldProblem { throw .externalLink(entry.name, problem) }
            fields += handler.finishedFields
        }
        return fields
    }

    /// The body, then word/header*.xml and word/footer*.xml in natural order, each with how locations are labelled.
    static func parts(_ package: OfficePackage) -> [(ZipEntryRecord, WordPartLabel)] {
        var result: [(ZipEntryRecord, WordPartLabel)] = []
        if let body = package.entry(FormatPolicy.mainPart(.docx)) { result.append((body, .body)) }
        for (prefix, title) in [("header", "页眉"), ("footer", "页脚")] {
            let matching = package.entries.filter { entry in
                let key = entry.key
                guard key.hasPrefix("word/\(prefix)"), key.hasSuffix(".xml") else { return false }
                let middle = key.dropFirst("word/\(prefix)".count).dropLast(".xml".count)
                return middle.allSatisfy(\.isNumber)
            }
            let ordered = matching.sorted { naturalOrder($0.name) < naturalOrder($1.name) }
            // Authors know headers as 页眉, not as header1.xml: one is "页眉", several are "第 2 个页眉" in file order
            // (a document with a different first page or several sections has more than one).
            result += ordered.enumerated().map { index, entry in
                (entry, .headerFooter(ordered.count == 1 ? title : "第 \(index + 1) 个\(title)"))
            }
        }
        return result
    }

    /// header2 before header10.
    private static func naturalOrder(_ name: String) -> Int { Int(name.filter(\.isNumber)) ?? 0 }
}

/// How locations in a part read to the author.
enum WordPartLabel {
    case body
    case headerFooter(String)

    func paragraph(_ number: Int) -> String {
        switch self {
        case .body: "正文第 \(number) 段"
        case .headerFooter(let part): "\(part)第 \(number) 段"
        }
    }

    func table(_ table: Int, row: Int?) -> String {
        let place = row.map { "表格 \(table) 第 \($0) 行" } ?? "表格 \(table)"
        switch self {
        case .body: return place
        case .headerFooter(let part): return "\(part)\(place)"
        }
    }
}
