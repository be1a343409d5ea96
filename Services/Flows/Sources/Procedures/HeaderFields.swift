import Contracts

/// The common header of every raw record (§4.2.3.4 a): a new procedure starts with these ten items, and publishing
/// requires each of them.
enum HeaderFields {
    static let all: [(field: String, code: String, title: String, kind: String)] = [
        ("client", "client", "委托单位", "text"),
        ("accuracy", "accuracy", "计量器具准确度", "text"),
        ("model", "model", "计量器具型号", "text"),
        ("manufacturer", "manufacturer", "制造单位名称", "text"),
        ("serial_number", "serial_number", "产品出厂编号", "text"),
        ("user_address", "user_address", "使用单位地址", "text"),
        ("manufacture_date", "manufacture_date", "出厂日期", "date"),
        ("test_date", "test_date", "检定日期", "date"),
        ("next_test_date", "next_test_date", "下次检定日期", "date"),
        ("conclusion_note", "conclusion_note", "结论说明", "text"),
    ]

    static var defaultItems: [Metrology_Flows_V1_DataItem] {
        all.map { header in
            var item = Metrology_Flows_V1_DataItem()
            item.code = header.code
            item.title = header.title
            item.kind = header.kind
            item.section = "header"
            item.headerField = header.field
            item.required = header.field != "conclusion_note"
            item.group = "基本信息"
            return item
        }
    }
}
