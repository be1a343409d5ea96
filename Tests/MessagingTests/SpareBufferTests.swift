import Testing

@testable import Messaging

@Suite struct SpareBufferTests {
    @Test func takeHandsOverEverythingAndRecyclingKeepsCapacity() {
        var spare = SpareBuffer<Int>()
        var queue = [1, 2, 3]
        var taken = spare.take(&queue)
        #expect(taken == [1, 2, 3])
        #expect(queue.isEmpty)
        let capacity = taken.capacity
        spare.recycle(&taken)
        #expect(taken.isEmpty)
        // The next take swaps the recycled array in: appending to the queue now reuses its storage.
        queue.append(4)
        var second = spare.take(&queue)
        #expect(second == [4])
        #expect(queue.isEmpty && queue.capacity >= capacity)
        spare.recycle(&second)
        var empty: [Int] = []
        #expect(spare.take(&empty).isEmpty)
    }
}
