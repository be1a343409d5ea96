import FillCore

/// Pictures on sheets: a DrawingML drawing part per sheet (the sheet's existing one, or a new
/// `xl/drawings/drawingN.xml` linked by `<drawing r:id>` and registered in the content types), one `oneCellAnchor`
/// per picture at the named cell, sized from the `FillImage`, its PNG a new media part related from the drawing.
final class ExcelPictures {
    /// A picture or shape anchored to cells in an existing drawing; rows are 1-based here (the XML counts from 0).
    struct Anchor {
        let fromElement: XElement
        let toElement: XElement?
        let fromRow: Int
        let toRow: Int
    }

    private let package: OOXMLPackage
    /// Sheet part (lower-cased) → its drawing part and that drawing's parsed document.
    private var drawings: [String: (part: String, document: XDocument)] = [:]

    init(package: OOXMLPackage) {
        self.package = package
    }

    func add(_ image: FillImage, named name: String, to sheet: ExcelSheet, column: Int, row: Int) throws(FillError) {
        let (_, cx, cy) = try PNGImage.extent(image, name: name)
        let (drawingPart, document) = try drawing(for: sheet)
        var namespaces = try XNamespaces(document, part: drawingPart)
        let xdr = namespaces.ensure(OOXML.spreadsheetDrawing, preferred: "xdr", in: document)
        let a = namespaces.ensure(OOXML.drawingML, preferred: "a", in: document)
        let r = namespaces.ensure(OOXML.relationshipsURI, preferred: "r", in: document)

        let media = package.freshName("xl/media/fill", ext: "png")
        package.setData(media, image.png)
        try package.contentTypes().ensureDefault(extension: "png", type: OOXML.pngContentType)
        let relationship = try package.relationships(of: drawingPart).add(type: OOXML.imageRelationship, part: media)

        let id = (document.root.descendants().filter { $0.local == "cNvPr" }.compactMap { $0.attribute("id").flatMap { Int($0) } }.max() ?? 1) + 1
        func el(_ p: String, _ local: String, _ attributes: [(String, String)] = [], _ children: [XElement] = [], text: String? = nil) -> XElement {
            XElement("\(p):\(local)", attributes: attributes, children: text.map { [.plain($0)] } ?? children.map(XContent.element))
        }
        let size = [("cx", "\(cx)"), ("cy", "\(cy)")]
        let anchor = el(
            xdr, "oneCellAnchor", [],
            [
                el(
                    xdr, "from", [],
                    [
                        el(xdr, "col", text: "\(column - 1)"), el(xdr, "colOff", text: "0"), el(xdr, "row", text: "\(row - 1)"),
                        el(xdr, "rowOff", text: "0"),
                    ]),
                el(xdr, "ext", size),
                el(
                    xdr, "pic", [],
                    [
                        el(
                            xdr, "nvPicPr", [],
                            [
                                el(xdr, "cNvPr", [("id", "\(id)"), ("name", name)]),
                                el(xdr, "cNvPicPr", [], [el(a, "picLocks", [("noChangeAspect", "1")])]),
                            ]),
                        el(xdr, "blipFill", [], [el(a, "blip", [("\(r):embed", relationship)]), el(a, "stretch", [], [el(a, "fillRect")])]),
                        el(
                            xdr, "spPr", [],
                            [
                                el(a, "xfrm", [], [el(a, "off", [("x", "0"), ("y", "0")]), el(a, "ext", size)]),
                                el(a, "prstGeom", [("prst", "rect")], [el(a, "avLst")]),
                            ]),
                    ]),
                el(xdr, "clientData"),
            ])
        document.root.append(.element(anchor))
    }

    /// The sheet's drawing, created and linked on first use.
    private func drawing(for sheet: ExcelSheet) throws(FillError) -> (String, XDocument) {
        let key = sheet.part.lowercased()
        if let known = drawings[key] { return known }
        let relationships = try package.relationships(of: sheet.part)
        if let element = sheet.document.root.child("drawing", sheet.s), let id = Self.relationshipID(element),
            let part = relationships.part(for: id), let document = try package.xml(part)
        {
            drawings[key] = (part, document)
            return (part, document)
        }
        let part = package.freshName("xl/drawings/drawing", ext: "xml")
        let root = XElement(
            "xdr:wsDr", attributes: [("xmlns:xdr", OOXML.spreadsheetDrawing), ("xmlns:a", OOXML.drawingML), ("xmlns:r", OOXML.relationshipsURI)])
        let document = XDocument(root: root)
        package.setXML(part, document)
        try package.contentTypes().setOverride(part: part, type: OOXML.drawingContentType)
        let id = relationships.add(type: OOXML.drawingRelationship, part: part)
        let r = sheet.relationshipPrefix()
        // CT_Worksheet's sequence: drawing comes after these elements' predecessors and before them.
        sheet.insertInOrder(
            XElement(sheet.q("drawing"), attributes: [("\(r):id", id)]),
            before: ["legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"])
        drawings[key] = (part, document)
        return (part, document)
    }

    private static func relationshipID(_ element: XElement) -> String? {
        element.attributes.first { $0.name.hasSuffix(":id") || $0.name == "id" }.map { XMLEscape.decode($0.raw) }
    }

    /// The cell anchors of the sheet's existing drawing (none when it has no drawing).
    static func anchors(of sheet: ExcelSheet, package: OOXMLPackage) throws(FillError) -> [Anchor] {
        guard let element = sheet.document.root.child("drawing", sheet.s), let id = relationshipID(element),
            let part = try package.relationships(of: sheet.part).part(for: id), let document = try package.xml(part)
        else { return [] }
        var result: [Anchor] = []
        for anchor in document.root.elements where anchor.local == "twoCellAnchor" || anchor.local == "oneCellAnchor" {
            guard let from = anchor.elements.first(where: { $0.local == "from" })?.elements.first(where: { $0.local == "row" }),
                let fromRow = Int(from.textContent.trimmingPrefix(" "))
            else { continue }
            let to = anchor.elements.first(where: { $0.local == "to" })?.elements.first(where: { $0.local == "row" })
            let toRow = to.flatMap { Int($0.textContent) } ?? fromRow
            result.append(Anchor(fromElement: from, toElement: to, fromRow: fromRow + 1, toRow: toRow + 1))
        }
        return result
    }

    /// Moves anchors that start below the repeated row with the rows.
    static func shift(_ anchors: [Anchor], _ shift: RowShift) {
        for anchor in anchors where anchor.fromRow > shift.row {
            anchor.fromElement.removeAllChildren()
            anchor.fromElement.append(.plain(String(anchor.fromRow - 1 + shift.delta)))
            if let to = anchor.toElement {
                to.removeAllChildren()
                to.append(.plain(String(anchor.toRow - 1 + shift.delta)))
            }
        }
    }
}
