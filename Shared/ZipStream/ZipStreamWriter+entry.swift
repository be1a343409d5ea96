public import Foundation

extension ZipStreamWriter {
    /// A whole entry in one call: for small files already in memory (an xlsx part, a manifest).
    public mutating func addEntry(path: String, modified: Date, compression: ZipCompression, contents: some Collection<UInt8>) throws {
        try beginEntry(path: path, modified: modified, compression: compression)
        try write(contents)
        try endEntry()
    }
}
