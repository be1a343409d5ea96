/// Where each data item's value lives during one evaluation.
enum Slot: Equatable {
    case number(Int)
    case boolean(Int)
    case text(Int)
    case numbers(Int)
    case booleans(Int)
    /// `points × runs` consecutive number slots, point-major.
    case table(base: Int, points: Int, runs: Int)
}

/// How many slots of each kind a record needs.
struct FrameLayout {
    var numbers = 0
    var booleans = 0
    var texts = 0
    var numberLists = 0
    var booleanLists = 0

    mutating func allocate(_ base: FormulaType.Base) -> Slot {
        switch base {
        case .number: numbers += 1; return .number(numbers - 1)
        case .boolean: booleans += 1; return .boolean(booleans - 1)
        case .text: texts += 1; return .text(texts - 1)
        case .numbers: numberLists += 1; return .numbers(numberLists - 1)
        case .booleans: booleanLists += 1; return .booleans(booleanLists - 1)
        }
    }

    mutating func allocateTable(points: Int, runs: Int) -> Slot {
        let base = numbers
        numbers += points * runs
        return .table(base: base, points: points, runs: runs)
    }
}

/// The values of one record while its formulas run.
///
/// Why raw buffers: compiled closures read and write slots millions of times; `let` pointers in a final class avoid
/// the bounds checks and the dynamic exclusivity checks that array properties of a class would cost on every access.
/// Numbers, their presence flags and booleans share one allocation; text and list slots (rare) get theirs only when
/// the layout has some. A frame is used by one evaluation on one thread and freed with it.
final class EvalFrame {
    let numbers: UnsafeMutablePointer<ExactDecimal>
    let hasNumber: UnsafeMutablePointer<Bool>
    /// 0 false, 1 true, 2 no value.
    let booleans: UnsafeMutablePointer<UInt8>
    private let texts_: UnsafeMutablePointer<String?>?
    private let numberLists_: UnsafeMutablePointer<[ExactDecimal]?>?
    private let booleanLists_: UnsafeMutablePointer<[Bool]?>?
    private let storage: UnsafeMutableRawPointer
    let layout: FrameLayout
    /// Collected only when the program was compiled for tracing.
    var steps: [FormulaStep] = []

    var texts: UnsafeMutablePointer<String?> { texts_! }
    var numberLists: UnsafeMutablePointer<[ExactDecimal]?> { numberLists_! }
    var booleanLists: UnsafeMutablePointer<[Bool]?> { booleanLists_! }

    init(_ layout: FrameLayout) {
        self.layout = layout
        let numberBytes = layout.numbers * MemoryLayout<ExactDecimal>.stride
        storage = .allocate(byteCount: numberBytes + layout.numbers + layout.booleans, alignment: MemoryLayout<ExactDecimal>.alignment)
        // ExactDecimal is a trivial type: its slots need no initialization before being written, and are only read
        // after `hasNumber` says they were written.
        numbers = storage.bindMemory(to: ExactDecimal.self, capacity: layout.numbers)
        hasNumber = (storage + numberBytes).bindMemory(to: Bool.self, capacity: layout.numbers)
        hasNumber.initialize(repeating: false, count: layout.numbers)
        booleans = (storage + numberBytes + layout.numbers).bindMemory(to: UInt8.self, capacity: layout.booleans)
        booleans.initialize(repeating: 2, count: layout.booleans)
        texts_ = Self.allocate(layout.texts)
        numberLists_ = Self.allocate(layout.numberLists)
        booleanLists_ = Self.allocate(layout.booleanLists)
    }

    private static func allocate<T>(_ count: Int) -> UnsafeMutablePointer<T?>? {
        guard count > 0 else { return nil }
        let pointer = UnsafeMutablePointer<T?>.allocate(capacity: count)
        pointer.initialize(repeating: nil, count: count)
        return pointer
    }

    deinit {
        storage.deallocate()
        if let texts_ { texts_.deinitialize(count: layout.texts); texts_.deallocate() }
        if let numberLists_ { numberLists_.deinitialize(count: layout.numberLists); numberLists_.deallocate() }
        if let booleanLists_ { booleanLists_.deinitialize(count: layout.booleanLists); booleanLists_.deallocate() }
    }
}
