/// A PDF object as parsed from the file, kept close to its written form so that an object we rewrite (the catalog,
/// page 1) comes out with the same values: numbers keep their original text, strings their decoded bytes, and
/// dictionaries their key order.
enum PDFObject: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer or real number, as written (`12`, `-0.5`, `595.303937007874`).
    case number(String)
    case string([UInt8], hex: Bool)
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(PDFReference)

    var integer: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var nameValue: String? {
        if case .name(let name) = self { return name }
        return nil
    }

    var dictionaryValue: PDFDictionary? {
        if case .dictionary(let dictionary) = self { return dictionary }
        return nil
    }

    var arrayValue: [PDFObject]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var referenceValue: PDFReference? {
        if case .reference(let reference) = self { return reference }
        return nil
    }
}

/// `12 0 R`.
struct PDFReference: Sendable, Hashable {
    var number: Int
    var generation: Int
}

/// A dictionary that keeps the order of its keys, so a rewritten object differs from the original only where we
/// changed it.
struct PDFDictionary: Sendable, Equatable {
    private(set) var entries: [(key: String, value: PDFObject)] = []

    init(_ entries: [(key: String, value: PDFObject)] = []) {
        for entry in entries { self[entry.key] = entry.value }
    }

    subscript(key: String) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append((key, value))
            case (nil, nil): break
            }
        }
    }

    static func == (lhs: PDFDictionary, rhs: PDFDictionary) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
