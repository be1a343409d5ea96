public import TemplateKit

/// Ceilings for one fill, so a runaway record cannot make a certificate of unbounded size.
public struct FillLimits: Sendable, Hashable {
    /// The template is opened under the same limits as an upload.
    public var template: TemplateLimits
    /// Rows of one reading table (a JJG record has a few dozen readings).
    public var maxRowsPerTable: Int
    /// UTF-8 bytes of all text values and table cells together.
    public var maxTextBytes: Int
    /// PNG bytes of all pictures together.
    public var maxImageBytes: Int

    public init(template: TemplateLimits = TemplateLimits(), maxRowsPerTable: Int = 2_000, maxTextBytes: Int = 4 << 20, maxImageBytes: Int = 20 << 20)
    {
        self.template = template
        self.maxRowsPerTable = maxRowsPerTable
        self.maxTextBytes = maxTextBytes
        self.maxImageBytes = maxImageBytes
    }

    /// Refuses data over the limits before any work is done.
    package func check(_ data: FillData) throws(FillError) {
        var text = data.values.values.reduce(0) { $0 + $1.text.utf8.count }
        for (table, rows) in data.tables {
            guard rows.count <= maxRowsPerTable else { throw .tooLarge("读数表“\(table)”有 \(rows.count) 行，超过上限 \(maxRowsPerTable) 行") }
            for row in rows { text += row.values.reduce(0) { $0 + $1.text.utf8.count } }
        }
        guard text <= maxTextBytes else { throw .tooLarge("文字共 \(text) 字节，超过上限 \(maxTextBytes) 字节") }
        let images = data.images.values.reduce(0) { $0 + $1.png.count + $1.caption.reduce(0) { $0 + $1.utf8.count } }
        guard images <= maxImageBytes else { throw .tooLarge("图片共 \(images) 字节，超过上限 \(maxImageBytes) 字节") }
    }
}
