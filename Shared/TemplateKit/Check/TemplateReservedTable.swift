/// Tables the platform fills itself, like the reserved names (`TemplateReservedRole`): a template may repeat a row per
/// entry with `ROW_<code>` and its columns, whatever the procedure's data items are. A procedure's own data item of the
/// same code wins (its data is what the record holds).
public enum TemplateReservedTable {
    /// 所用计量标准: one row per measurement standard the task used (chosen at its start, §4.3.9), as certificates
    /// list them on their standards page: the need it met, its code, name, model, accuracy, calibration certificate
    /// number and the end of that certificate's validity (YYYY年MM月DD日).
    public static let standards = TemplateDataItem(
        code: "STANDARDS", title: "所用计量标准", isTable: true,
        columns: ["need", "code", "name", "model", "accuracy", "certificate_no", "valid_until"])

    public static let all: [TemplateDataItem] = [standards]
}
