import Foundation

/// Excel's date serials (1900 date system): days since 1899-12-30 in local time, the fraction being the time of day.
/// Serials from 61 (1900-03-01) on match Excel; Excel's phantom 1900-02-29 makes earlier ones a day off there, and
/// moments before 1899-12-30 have no serial at all (the writer puts them as text).
enum XLSXDateSerial {
    /// 1970-01-01 as a serial.
    static let unixEpochSerial = 25_569.0

    /// Whole seconds since 1899-12-30 00:00 local time, or nil before that.
    static func localSeconds(_ date: Date, in timeZone: TimeZone) -> Int64? {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        guard seconds.isFinite else { return nil }
        let sinceBase = (seconds + unixEpochSerial * 86_400).rounded()
        guard sinceBase >= 0, sinceBase < 2_958_466 * 86_400 else { return nil }  // up to 9999-12-31
        return Int64(sinceBase)
    }
}
