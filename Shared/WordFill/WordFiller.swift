public import FillCore
public import Foundation

/// Fills a lab's Word template (Docs/templates.md): each bookmark's content becomes its value or picture, and the
/// table row holding `ROW_<table>` is repeated once per reading. Pure and synchronous; the filler holds no state, so
/// one value can be shared across threads.
///
/// Parts filled: word/document.xml, then word/header*.xml and word/footer*.xml (the parts TemplateKit inspects).
/// What is not a bookmark stays exactly as the template had it.
public struct WordFiller: Sendable {
    public let limits: FillLimits

    public init(limits: FillLimits = FillLimits()) {
        self.limits = limits
    }

    /// `fill` with the default limits.
    public static func fill(template: Data, data: FillData) throws(FillError) -> FilledDocument {
        try WordFiller().fill(template: template, data: data)
    }

    public func fill(template: Data, data: FillData) throws(FillError) -> FilledDocument {
        try limits.check(data)
        let package = try OOXMLPackage(template, limits: limits.template)
        let parts = Self.parts(package)
        guard parts.first == "word/document.xml" else {
            throw .templateInvalid("TEMPLATE_MISSING_PART", "缺少 word/document.xml，不是 Word 文档")
        }
        let lookup = FillLookup(data)
        var report = FillReportBuilder()
        var documents: [(String, XDocument)] = []
        for part in parts {
            if let document = try package.xml(part) { documents.append((part, document)) }
        }
        let pictures = WordPictures(package: package, firstDocPrID: Self.maxDocPrID(documents.map(\.1)) + 1)
        for (part, document) in documents {
            let filler = try WordPartFiller(part: part, document: document, lookup: lookup, pictures: pictures)
            try filler.fill(&report)
        }
        return FilledDocument(data: try package.write(), report: report.report(data))
    }

    /// The stored names of the body, headers and footers, body first.
    static func parts(_ package: OOXMLPackage) -> [String] {
        var result: [String] = []
        if let body = package.name("word/document.xml") { result.append(body) }
        for prefix in ["word/header", "word/footer"] {
            let matching = package.partNames.filter { name in
                let key = name.lowercased()
                guard key.hasPrefix(prefix), key.hasSuffix(".xml") else { return false }
                return key.dropFirst(prefix.count).dropLast(4).allSatisfy(\.isNumber)
            }
            result += matching.sorted { (Int($0.filter(\.isNumber)) ?? 0) < (Int($1.filter(\.isNumber)) ?? 0) }
        }
        return result
    }

    /// Word wants every drawing's `wp:docPr/@id` unique in the document; new pictures are numbered above all in use.
    static func maxDocPrID(_ documents: [XDocument]) -> Int {
        var maximum = 0
        for document in documents {
            document.root.forEachDescendant { element in
                if element.local == "docPr", let id = element.attribute("id").flatMap({ Int($0) }) { maximum = max(maximum, id) }
                return true
            }
        }
        return maximum
    }
}
