import Contracts
import Foundation
import SwiftProtobuf

/// `清单.csv` at the end of the batch download: one line per certificate with what the zip holds for it, UTF-8 with a
/// BOM so Excel opens the Chinese text as such. It grows with the certificates (about 200 bytes each, at most
/// `archiveLimit` of them), the only part of the zip that does.
struct CertificateArchiveManifest {
    private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("证书编号,种类,状态,委托单位,器具名称,型号,出厂编号,检定结论,签发时间,压缩包中的文件\r\n".utf8)

    mutating func add(_ certificate: Metrology_Certificates_V1_Certificate, files: [String]) {
        let kind = certificate.kind == "notice" ? "检定结果通知书" : "检定证书"
        let state =
            switch certificate.state {
            case "issued": "已签发"
            case "voided": "已作废"
            case "issuing": "生成中"
            case "failed": "生成失败"
            default: certificate.state
            }
        let issued = certificate.hasIssuedAt ? Self.shanghaiTime(certificate.issuedAt.date) : ""
        let fields = [
            certificate.number, kind, state, certificate.customerName, certificate.instrumentName, certificate.instrumentModel,
            certificate.instrumentSerial, certificate.conclusion, issued, files.isEmpty ? "（无文件）" : files.joined(separator: "；"),
        ]
        bytes += Array((fields.map(Self.field).joined(separator: ",") + "\r\n").utf8)
    }

    /// RFC 4180 quoting; a field that a spreadsheet would take for a formula (`= + - @`) gets a leading apostrophe,
    /// so a customer's name cannot run as one when the list is opened.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func shanghaiTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
