import Foundation

/// MS-DOS date and time (the ZIP header's 2-second, zone-less timestamp) of a moment in a time zone. Out-of-range
/// moments clamp to 1980-01-01 00:00 and 2107-12-31 23:59:58, the format's limits.
struct DOSDateTime: Equatable {
    var date: UInt16
    var time: UInt16

    init(_ moment: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        let year = parts.year ?? 1980
        if year < 1980 {
            self.date = 1 << 5 | 1
            self.time = 0
        } else if year > 2107 {
            self.date = 127 << 9 | 12 << 5 | 31
            self.time = 23 << 11 | 59 << 5 | 29
        } else {
            self.date = UInt16(year - 1980) << 9 | UInt16(parts.month ?? 1) << 5 | UInt16(parts.day ?? 1)
            self.time = UInt16(parts.hour ?? 0) << 11 | UInt16(parts.minute ?? 0) << 5 | UInt16((parts.second ?? 0) / 2)
        }
    }
}
