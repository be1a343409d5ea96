/// Namespace URIs of the parts we read. Word and Excel can save "Strict Open XML", which uses the purl.oclc.org
/// URIs; both spellings are accepted.
enum OOXMLNamespaces {
    static let wordprocessing: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    static let spreadsheet: Set<String> = [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ]
    static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    /// mc:AlternateContent: Word writes the same text box twice (Choice and Fallback); only Choice is read.
    static let markupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"
}
