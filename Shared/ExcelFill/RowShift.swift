/// How rows move when the row `row` is replaced by `count` copies: rows below move by `delta` = count − 1 (−1 when
/// the template row is removed). An area is unaffected above the row; entirely below it moves; one that contains
/// the row and more (a print area, a range over the whole table) grows or shrinks at its end; one inside the row
/// stays (it then covers the first copy).
struct RowShift {
    let row: Int
    let count: Int
    var delta: Int { count - 1 }

    func shifted(_ row: Int) -> Int { row > self.row ? row + delta : row }

    /// The area after the shift; nil when it disappears (inside a removed template row).
    func shifted(_ area: ExcelArea) -> ExcelArea? {
        guard let first = area.first.row, let last = area.last.row else { return area }
        var result = area
        if first > row {
            result.first.row = first + delta
            result.last.row = last + delta
        } else if last > row {
            result.last.row = last + delta
        } else if first == row && last == row && count == 0 {
            return nil
        }
        return result
    }

    /// Whether the area reaches below the template row (so it would have to move).
    func reachesBelow(_ area: ExcelArea) -> Bool { (area.last.row ?? 0) > row }
}
