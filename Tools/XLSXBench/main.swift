// `deploy/local/bench xlsx`'s Swift side: writes N rows × 12 columns (Benchmarks/python/xlsx_bench.py makes the same
// rows for xlsxwriter) with XLSXStreamWriter to a file and prints one JSON line with the rows, bytes and seconds.
//
//   xlsx-bench --rows 100000 --out /tmp/swift.xlsx [--level 3]
import Foundation
import XLSXWriter
import ZipStream

var rows = 100_000
var output = "/tmp/xlsx-bench-swift.xlsx"
var level = 3
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--rows": rows = Int(arguments.next() ?? "") ?? rows
    case "--out": output = arguments.next() ?? output
    case "--level": level = Int(arguments.next() ?? "") ?? level
    default:
        FileHandle.standardError.write(Data("usage: xlsx-bench [--rows N] [--out FILE] [--level 1-9]\n".utf8))
        exit(2)
    }
}

let instruments = ["燃油加油机", "电子计价秤", "电子血压计", "出租汽车计价器", "冷水水表", "压力表"]
let customers = ["杭州市西湖区城西加油站有限公司", "宁波港集团物流有限公司", "温州市第一人民医院", "绍兴市黄酒酿造有限公司", "金华市出租汽车服务中心"]
let dayZero = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01 00:00 UTC
let columns = [
    XLSXColumn(title: "证书编号", width: 20), XLSXColumn(title: "器具名称", width: 16), XLSXColumn(title: "型号", width: 10),
    XLSXColumn(title: "出厂编号", width: 12), XLSXColumn(title: "委托单位", width: 32), XLSXColumn(title: "示值误差", format: .decimal(places: 3)),
    XLSXColumn(title: "修约值", format: .decimal(places: 2)), XLSXColumn(title: "温度/℃"), XLSXColumn(title: "检定日期", width: 12),
    XLSXColumn(title: "有效期至", width: 12), XLSXColumn(title: "签发时间", width: 20), XLSXColumn(title: "数量"),
]

let start = ContinuousClock.now
var sink = try FileSink(url: URL(fileURLWithPath: output))
var writer = try XLSXStreamWriter(
    sink: sink, sheetName: "证书清单", columns: columns, timeZone: TimeZone(identifier: "UTC")!, compression: .deflate(level: level))
for index in 0..<rows {
    let day = dayZero.addingTimeInterval(Double(index % 365) * 86_400)
    try writer.append([
        .text("JJG443-2025-\(index)"), .text(instruments[index % instruments.count]), .text("型号-\(index % 97)"),
        .text("SN\(index * 7919 % 1_000_003)"),
        .text(customers[index % customers.count]), .number(Double(index % 200 - 100) / 1000), .number(Double(index % 1000) / 100),
        .number(20 + Double(index % 10) * 0.5), .date(day), .date(day.addingTimeInterval(365 * 86_400)),
        .dateTime(dayZero.addingTimeInterval(Double(index) * 60)), .number(Double(index % 50 + 1)),
    ])
}
sink = try writer.finish()
try sink.close()
let elapsed = start.duration(to: .now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
print(#"{"writer": "XLSXWriter", "rows": \#(rows), "bytes": \#(bytes), "seconds": \#(seconds)}"#)
