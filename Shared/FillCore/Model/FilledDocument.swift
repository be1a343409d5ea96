public import Foundation

/// The filled file, ready for LibreOffice, and what the fill did.
public struct FilledDocument: Sendable, Hashable {
    /// The .docx or .xlsx bytes.
    public var data: Data
    public var report: FillReport

    public init(data: Data, report: FillReport) {
        self.data = data
        self.report = report
    }
}
