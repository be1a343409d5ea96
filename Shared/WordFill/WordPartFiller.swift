import FillCore

/// Fills one part (body, header or footer). Repeating rows go first, so their column bookmarks are filled inside the
/// copies; then every remaining bookmark gets its value, picture, or (no data) empty content.
final class WordPartFiller {
    /// Safety stop for the row loop: each pass removes at least one `ROW_` bookmark, so this is never reached by a
    /// real template; it turns a logic error into a refusal instead of a hang.
    static let maxRowPasses = 1_000

    let part: String
    let document: XDocument
    let lookup: FillLookup
    let pictures: WordPictures
    var namespaces: XNamespaces
    /// Prefixes of the wordprocessingml namespace in this part, and the one new elements use.
    let w: Set<String>
    /// `w` plus "" — attributes are sometimes written unprefixed.
    let wa: Set<String>
    let prefix: String

    init(part: String, document: XDocument, lookup: FillLookup, pictures: WordPictures) throws(FillError) {
        self.part = part
        self.document = document
        self.lookup = lookup
        self.pictures = pictures
        namespaces = try XNamespaces(document, part: part)
        w = namespaces.prefixes(OOXML.wordprocessing)
        wa = w.union([""])
        prefix = w.contains("w") ? "w" : (w.sorted().first ?? "w")
    }

    /// `local` qualified with this part's wordprocessingml prefix.
    func q(_ local: String) -> String { prefix.isEmpty ? local : "\(prefix):\(local)" }

    func fill(_ report: inout FillReportBuilder) throws(FillError) {
        guard !w.isEmpty else { return }
        var passes = 0
        while let marker = bookmarks(in: document.root).first(where: { FillNames.rowTable($0.name) != nil }) {
            passes += 1
            guard passes <= Self.maxRowPasses else { throw .rowNotInTable(marker.name, "重复行过多") }
            try repeatRow(of: marker, &report)
        }
        for bookmark in bookmarks(in: document.root) {
            try fillSingle(bookmark, scope: document.root, &report)
        }
    }

    // MARK: Bookmarks

    struct Bookmark {
        let start: XElement
        let name: String
        let id: String?
    }

    /// The author's bookmarks under `scope`, in document order (Word's own `_GoBack`, `_Toc…` are skipped).
    func bookmarks(in scope: XElement) -> [Bookmark] {
        var result: [Bookmark] = []
        scope.forEachDescendant { element in
            if element.is("bookmarkStart", w), let name = element.attribute(local: "name", prefixes: wa), !name.isEmpty, !name.hasPrefix("_") {
                result.append(Bookmark(start: element, name: name, id: element.attribute(local: "id", prefixes: wa)))
            }
            return true
        }
        return result
    }

    /// A single value: its picture, else its text, else the content is cleared and the name reported missing.
    func fillSingle(_ bookmark: Bookmark, scope: XElement, _ report: inout FillReportBuilder) throws(FillError) {
        guard FillNames.rowTable(bookmark.name) == nil else { return }
        if let image = lookup.image(bookmark.name) {
            let rid = try pictures.relationship(for: image, named: bookmark.name, in: part)
            let run = try pictureRun(image, name: bookmark.name, relationship: rid)
            replaceContent(scope: scope, start: bookmark.start, id: bookmark.id) { rPr in [run(rPr)] }
            report.filled(bookmark.name)
        } else if let value = lookup.value(bookmark.name) {
            replaceContent(scope: scope, start: bookmark.start, id: bookmark.id) { rPr in self.textRuns(value.text, rPr: rPr) }
            report.filled(bookmark.name)
        } else {
            replaceContent(scope: scope, start: bookmark.start, id: bookmark.id) { _ in [] }
            report.missing(bookmark.name)
        }
    }

    // MARK: Replacing a bookmark's content

    /// Replaces the runs between `start` (nil: the beginning of `scope`) and the `bookmarkEnd` with the same id by
    /// `content(rPr)`, where rPr is the formatting of the first run inside, or of the run just before an empty
    /// bookmark, or of the paragraph mark. Runs are found in document order, so a placeholder Word split into
    /// several runs, or across a hyperlink or smart tag, is replaced as a whole; bookmark, paragraph and cell
    /// elements themselves are never removed, so the table and paragraph structure stays as the author drew it.
    func replaceContent(scope: XElement, start: XElement?, id: String?, content: (XElement?) -> [XElement]) {
        var runs: [XElement] = []
        var firstParagraph: XElement?
        var endMarker: XElement?
        scope.walk(from: start) { element in
            if element.is("bookmarkEnd", w), let id, element.attribute(local: "id", prefixes: wa) == id {
                endMarker = element
                return false
            }
            if firstParagraph == nil && element.is("p", w) { firstParagraph = element }
            if element.is("r", w) { runs.append(element) }
            return true
        }
        // Without its end (no id, the end before the start, or outside the copied row) the bookmark is treated as
        // empty: removing "everything up to the end" would remove the rest of the part.
        if endMarker == nil { runs = [] }
        // A run nested in another (a text box inside a drawing) goes with its outer run.
        let collected = Set(runs.map(ObjectIdentifier.init))
        runs = runs.filter { run in !run.ancestors.contains { collected.contains(ObjectIdentifier($0)) } }

        let rPr = runs.first?.child("rPr", w)?.clone() ?? formattingBefore(start, fallback: firstParagraph ?? endMarker.flatMap(paragraph(of:)))
        let created = content(rPr)
        if let first = runs.first, let parent = first.parent, let index = parent.index(of: first) {
            for run in runs.dropFirst() { run.detach() }
            parent.removeChild(at: index)
            parent.insert(created, at: index)
        } else if let start, paragraph(of: start) != nil, let parent = start.parent, let index = parent.index(of: start) {
            parent.insert(created, at: index + 1)
        } else if let target = firstParagraph ?? endMarker.flatMap(paragraph(of:)) {
            let afterProperties = target.children.first.map { if case .element(let element) = $0 { element.is("pPr", w) } else { false } } ?? false
            target.insert(created, at: afterProperties ? 1 : 0)
        }
    }

    /// The paragraph an element lies in.
    func paragraph(of element: XElement) -> XElement? { element.ancestors.first { $0.is("p", w) } }

    /// For an empty bookmark: the run before it in its paragraph, else the paragraph mark's formatting.
    private func formattingBefore(_ start: XElement?, fallback: XElement?) -> XElement? {
        if let start, let parent = start.parent, let index = parent.index(of: start) {
            for child in parent.children[..<index].reversed() {
                if case .element(let element) = child, element.is("r", w) { return element.child("rPr", w)?.clone() }
            }
        }
        guard let paragraph = start.flatMap(paragraph(of:)) ?? fallback,
            let mark = paragraph.child("pPr", w)?.child("rPr", w)?.clone()
        else { return nil }
        // The paragraph mark's properties may record revisions of the mark itself, which a run's rPr cannot hold.
        for child in mark.elements where ["ins", "del", "moveFrom", "moveTo"].contains(child.local) { child.detach() }
        return mark
    }
}
