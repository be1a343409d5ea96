import Foundation

/// The largest |error| / MPE of one verification, read from its `data` (item code → value, table cells as
/// `code[point,run]`): every cell of the error item counts; its MPE is the MPE item's cell with the same suffix, else
/// the MPE item's single value, else the constant. Cells without a usable MPE (missing, zero, not a number) are left
/// out rather than guessed.
enum DriftRatio {
    static func ratio(data: [String: Any], errorItem: String, mpeItem: String, mpeValue: Double) -> Double? {
        var largest: Double?
        for (key, value) in data {
            guard let suffix = suffix(of: key, item: errorItem), let error = number(value) else { continue }
            let mpe = mpeItem.isEmpty ? nil : (number(data[mpeItem + suffix]) ?? number(data[mpeItem]))
            guard let limit = mpe ?? (mpeValue != 0 ? mpeValue : nil), abs(limit) > 0 else { continue }
            let ratio = abs(error) / abs(limit)
            guard ratio.isFinite else { continue }
            largest = max(largest ?? ratio, ratio)
        }
        return largest
    }

    /// "" for the item itself, "[p,r]" for one of its cells, nil for another item.
    static func suffix(of key: String, item: String) -> String? {
        guard !item.isEmpty, key.hasPrefix(item) else { return nil }
        let rest = key.dropFirst(item.count)
        if rest.isEmpty { return "" }
        guard rest.hasPrefix("["), rest.hasSuffix("]") else { return nil }
        return String(rest)
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue.isFinite ? number.doubleValue : nil
        case let text as String: Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: nil
        }
    }

    /// The `data` column's text as an object; [:] for anything else.
    static func object(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }
}
