import Contracts

/// A cell of the record as the entry code keys it: a scalar data item (point 0, run 0) or one cell of a reading
/// table (points and runs from 1). The contract's `Cell` message, without protobuf's hashing cost.
struct EntryCell: Hashable, Sendable, CustomStringConvertible {
    var itemCode: String
    var point: Int32
    var run: Int32

    init(_ itemCode: String, point: Int32 = 0, run: Int32 = 0) {
        self.itemCode = itemCode
        self.point = point
        self.run = run
    }

    init(_ cell: Metrology_Records_V1_Cell) {
        self.init(cell.itemCode, point: cell.point, run: cell.run)
    }

    var message: Metrology_Records_V1_Cell {
        var cell = Metrology_Records_V1_Cell()
        cell.itemCode = itemCode
        cell.point = point
        cell.run = run
        return cell
    }

    /// `code` or `code[point,run]`, the way formulas and logs name a cell.
    var description: String { point == 0 && run == 0 ? itemCode : "\(itemCode)[\(point),\(run)]" }
}
