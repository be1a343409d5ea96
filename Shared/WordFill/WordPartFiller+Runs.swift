import FillCore
import Foundation

extension WordPartFiller {
    /// One run with `rPr` holding `text`: newlines become `w:br`, tabs `w:tab`; nothing for empty text.
    func textRuns(_ text: String, rPr: XElement?) -> [XElement] {
        guard !text.isEmpty else { return [] }
        let run = XElement(q("r"))
        if let rPr { run.append(.element(rPr.clone())) }
        appendText(text, to: run)
        return [run]
    }

    func appendText(_ text: String, to run: XElement) {
        let normalised = text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        let lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { run.append(.element(XElement(q("br")))) }
            for (pieceIndex, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if pieceIndex > 0 { run.append(.element(XElement(q("tab")))) }
                guard !piece.isEmpty else { continue }
                // xml:space keeps leading and trailing spaces, which Word would otherwise drop.
                run.append(.element(XElement(q("t"), attributes: [("xml:space", "preserve")], children: [.plain(String(piece))])))
            }
        }
    }

    /// A run showing `image` inline (`w:drawing/wp:inline`, a DrawingML picture referencing the media part through
    /// `relationship`), then each caption line after a line break. Built as a function of the bookmark's rPr.
    func pictureRun(_ image: FillImage, name: String, relationship: String) throws(FillError) -> (XElement?) -> XElement {
        let (_, cx, cy) = try PNGImage.extent(image, name: name)
        let wp = namespaces.ensure(OOXML.wordDrawing, preferred: "wp", in: document)
        let a = namespaces.ensure(OOXML.drawingML, preferred: "a", in: document)
        let pic = namespaces.ensure(OOXML.picture, preferred: "pic", in: document)
        let r = namespaces.ensure(OOXML.relationshipsURI, preferred: "r", in: document)
        let id = pictures.docPrID()
        let size = [("cx", "\(cx)"), ("cy", "\(cy)")]
        func el(_ p: String, _ local: String, _ attributes: [(String, String)] = [], _ children: [XElement] = []) -> XElement {
            XElement("\(p):\(local)", attributes: attributes, children: children.map(XContent.element))
        }
        let picture = el(
            pic, "pic", [],
            [
                el(pic, "nvPicPr", [], [el(pic, "cNvPr", [("id", "0"), ("name", "\(name).png")]), el(pic, "cNvPicPr")]),
                el(pic, "blipFill", [], [el(a, "blip", [("\(r):embed", relationship)]), el(a, "stretch", [], [el(a, "fillRect")])]),
                el(
                    pic, "spPr", [],
                    [
                        el(a, "xfrm", [], [el(a, "off", [("x", "0"), ("y", "0")]), el(a, "ext", size)]),
                        el(a, "prstGeom", [("prst", "rect")], [el(a, "avLst")]),
                    ]),
            ])
        let inline = el(
            wp, "inline", [("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")],
            [
                el(wp, "extent", size),
                el(wp, "effectExtent", [("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")]),
                el(wp, "docPr", [("id", "\(id)"), ("name", "Picture \(id)"), ("descr", name)]),
                el(wp, "cNvGraphicFramePr", [], [el(a, "graphicFrameLocks", [("noChangeAspect", "1")])]),
                el(a, "graphic", [], [el(a, "graphicData", [("uri", OOXML.picture)], [picture])]),
            ])
        let caption = image.caption
        return { rPr in
            let run = XElement(self.q("r"))
            if let rPr { run.append(.element(rPr.clone())) }
            run.append(.element(XElement(self.q("drawing"), children: [.element(inline.clone())])))
            for line in caption {
                run.append(.element(XElement(self.q("br"))))
                self.appendText(line, to: run)
            }
            return run
        }
    }
}
