/// The other half of a double-buffered queue: `take` swaps the queue's array for an empty one that already has
/// capacity, and `recycle` keeps the taken array, emptied, for the next swap. Appending to the queue then allocates
/// only while it grows past its largest size so far; a plain `queue = []` after each take allocated on every first
/// append, once per message on a connection thread (see BENCHMARKS.md).
struct SpareBuffer<Element> {
    private var spare: [Element] = []

    /// Everything queued so far; `queue` is left empty.
    mutating func take(_ queue: inout [Element]) -> [Element] {
        if queue.isEmpty { return [] }
        var taken = spare
        spare = []
        swap(&taken, &queue)
        return taken
    }

    /// Gives back an array `take` returned, once its elements have been handled; releases them.
    mutating func recycle(_ taken: inout [Element]) {
        guard taken.capacity > spare.capacity else { return }
        taken.removeAll(keepingCapacity: true)
        spare = taken
    }
}
