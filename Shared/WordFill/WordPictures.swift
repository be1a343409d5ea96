import FillCore

/// Puts pictures into the package for any part: the PNG as a new media part, a relationship from the part that shows
/// it (document, header or footer: each has its own relationships), the png content type, and a fresh drawing id.
final class WordPictures {
    private let package: OOXMLPackage
    private var nextDocPrID: Int
    /// (part, picture name) → relationship id, so one part shows the same picture once in the package.
    private var embedded: [String: String] = [:]

    init(package: OOXMLPackage, firstDocPrID: Int) {
        self.package = package
        self.nextDocPrID = firstDocPrID
    }

    /// The relationship id under which `part` reaches `image`'s media part, adding both if needed.
    func relationship(for image: FillImage, named name: String, in part: String) throws(FillError) -> String {
        let key = "\(part.lowercased())\u{0}\(name.lowercased())"
        if let id = embedded[key] { return id }
        let media = package.freshName("word/media/fill", ext: "png")
        package.setData(media, image.png)
        try package.contentTypes().ensureDefault(extension: "png", type: OOXML.pngContentType)
        let id = try package.relationships(of: part).add(type: OOXML.imageRelationship, part: media)
        embedded[key] = id
        return id
    }

    func docPrID() -> Int {
        defer { nextDocPrID += 1 }
        return nextDocPrID
    }
}
