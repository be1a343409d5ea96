extension PDFFile {
    /// Deeper page trees than this are refused; a balanced tree of a million pages is about ten levels deep.
    static let maximumPageTreeDepth = 32

    /// Page 1: the first leaf of the page tree under the catalog's `/Pages`, in `/Kids` order. Nodes already visited
    /// are skipped, so a cyclic `/Kids` ends in `PDF_SEAL_NO_PAGE` instead of recursing forever.
    func firstPage(catalog: PDFDictionary) throws(PDFSealError) -> (reference: PDFReference, page: PDFDictionary) {
        guard let root = catalog["Pages"]?.referenceValue else { throw .noPage("目录字典没有 /Pages") }
        var visited: Set<PDFReference> = []
        guard let found = try firstPage(under: root, depth: 0, visited: &visited) else { throw .noPage("页面树中没有页面") }
        return found
    }

    private func firstPage(
        under node: PDFReference, depth: Int, visited: inout Set<PDFReference>
    ) throws(PDFSealError) -> (
        reference: PDFReference, page: PDFDictionary
    )? {
        guard depth < Self.maximumPageTreeDepth, visited.insert(node).inserted else { return nil }
        guard let dictionary = try object(node).dictionaryValue else { throw .noPage("页面树节点 \(node.number) 不是字典") }
        if dictionary["Type"]?.nameValue == "Page" { return (node, dictionary) }
        guard let kids = try resolve(dictionary["Kids"] ?? .null).arrayValue else { return nil }
        for kid in kids {
            guard let reference = kid.referenceValue else { continue }
            if let found = try firstPage(under: reference, depth: depth + 1, visited: &visited) { return found }
        }
        return nil
    }
}
