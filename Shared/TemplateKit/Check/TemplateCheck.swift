/// Checks an inspected template against the procedure's data items (§4.3.6.2: every 保留位 needs its 指针).
///
/// Errors (the import is refused):
/// - TEMPLATE_DUPLICATE_BOOKMARK — the same name twice (names are case-insensitive);
/// - TEMPLATE_UNKNOWN_BOOKMARK — names no data item (or `ROW_x` / `x.col` where x is no table of readings);
/// - TEMPLATE_ROW_OUTSIDE_TABLE — `ROW_x` not inside a table row (xlsx: not referring to a single row);
/// - TEMPLATE_COLUMN_UNKNOWN — `x.col` where the table x has no column col;
/// - TEMPLATE_COLUMN_OUTSIDE_ROW — a column bookmark not in the row marked `ROW_x`;
/// - TEMPLATE_TABLE_AS_VALUE — a table of readings bookmarked as a single value;
/// - TEMPLATE_BAD_REFERENCE — an Excel name that refers to no cell (#REF!, a formula, a missing sheet).
///
/// Warnings (stored anyway):
/// - TEMPLATE_ITEM_WITHOUT_BOOKMARK — a data item (or table column) that the template never shows;
/// - TEMPLATE_RESERVED_MISSING — a reserved bookmark the template kind expects (see `TemplateKind`).
public struct TemplateCheck: Sendable {
    public static func check(_ inspection: TemplateInspection, dataItems: [TemplateDataItem], kind: TemplateKind? = nil) -> TemplateCheckResult {
        check(inspection, dataItems: dataItems, expectedReserved: kind?.expectedReserved ?? [], kindTitle: kind?.title ?? "模板")
    }

    /// With an explicit set of expected reserved bookmarks.
    public static func check(
        _ inspection: TemplateInspection, dataItems: [TemplateDataItem], expectedReserved: [TemplateReservedRole], kindTitle: String = "模板"
    ) -> TemplateCheckResult {
        var context = CheckContext(inspection: inspection, dataItems: dataItems)
        context.checkFields()
        context.checkItems()
        let reserved = context.unique.filter(\.isReserved)
        for role in expectedReserved where !reserved.contains(where: { $0.reservedRole == role }) {
            context.warning(
                role.rawValue, "TEMPLATE_RESERVED_MISSING",
                "\(kindTitle)缺少保留\(context.noun) \(role.rawValue)（\(role.title)），生成的文档中将没有\(role.title)")
        }
        return TemplateCheckResult(issues: context.issues, reserved: reserved)
    }
}
