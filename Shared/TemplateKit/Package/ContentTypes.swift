/// `[Content_Types].xml`: the content type of every part, by extension (Default) or by name (Override). It says what
/// the package really is (document or template, with or without macros), whatever the file name claims.
struct ContentTypes {
    static let partName = "[Content_Types].xml"

    /// Extension (lower-cased, no dot) → type.
    private(set) var defaults: [String: String] = [:]
    /// Part name (lower-cased, no leading "/") → type.
    private(set) var overrides: [String: String] = [:]

    static func read(_ package: OfficePackage, format: TemplateFormat) throws(TemplateRejection) -> ContentTypes {
        guard let entry = package.entry(partName) else { throw .missingPart(partName, format: format) }
        let handler = ContentTypesHandler()
        try package.parse(entry, into: handler)
        guard handler.sawRoot else { throw .xmlInvalid(partName, "根元素不是内容类型清单（Types）") }
        return handler.result
    }

    func type(of part: String) -> String? {
        let key = part.lowercased()
        if let type = overrides[key] { return type }
        guard let dot = key.lastIndex(of: ".") else { return nil }
        return defaults[String(key[key.index(after: dot)...])]
    }

    /// Every type mentioned, for the macro screen.
    var allTypes: [String] { Array(defaults.values) + Array(overrides.values) }

    fileprivate mutating func add(default type: String, extension ext: String) { defaults[ext.lowercased()] = type }

    fileprivate mutating func add(override type: String, part: String) {
        let key = part.hasPrefix("/") ? String(part.dropFirst()) : part
        overrides[key.lowercased()] = type
    }
}

private final class ContentTypesHandler: XMLEventHandler {
    var result = ContentTypes()
    var sawRoot = false

    func start(_ element: XMLElementStart) {
        guard element.namespace == OOXMLNamespaces.contentTypes else { return }
        switch element.name {
        case "Types":
            sawRoot = true
        case "Default":
            if let ext = element.attribute("Extension"), let type = element.attribute("ContentType") {
                result.add(default: type, extension: ext)
            }
        case "Override":
            if let part = element.attribute("PartName"), let type = element.attribute("ContentType") {
                result.add(override: type, part: part)
            }
        default:
            break
        }
    }

    func end(namespace: String, name: String) {}
    func text(_ text: String) {}
}
