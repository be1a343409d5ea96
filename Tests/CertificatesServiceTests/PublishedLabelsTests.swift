import Testing

@testable import CertificatesService

@Suite("Published procedure versions' point labels, kept per process")
struct PublishedLabelsTests {
    @Test("a version's labels are kept by item, type and version; another version is not confused with it")
    func keptByVersion() {
        let cache = PublishedLabels()
        let first = PublishedLabels.Key(item: "item", type: "verification:first", version: 3)
        cache[first] = ["readings": ["5 L", "20 L"]]
        #expect(cache[first] == ["readings": ["5 L", "20 L"]])
        #expect(cache[PublishedLabels.Key(item: "item", type: "verification:first", version: 4)] == nil)
        #expect(cache[PublishedLabels.Key(item: "item", type: "verification:subsequent", version: 3)] == nil)
        #expect(cache[PublishedLabels.Key(item: "other", type: "verification:first", version: 3)] == nil)
    }

    @Test("past its limit the cache starts over rather than grow: a new version clears the old ones, a known one is replaced in place")
    func bounded() {
        let cache = PublishedLabels(limit: 2)
        let keys = (1...3).map { PublishedLabels.Key(item: "item", type: "t", version: Int32($0)) }
        cache[keys[0]] = ["a": ["1"]]
        cache[keys[1]] = ["a": ["2"]]
        cache[keys[1]] = ["a": ["2", "2"]]
        #expect(cache[keys[0]] == ["a": ["1"]] && cache[keys[1]] == ["a": ["2", "2"]])
        cache[keys[2]] = ["a": ["3"]]
        #expect(cache[keys[0]] == nil && cache[keys[1]] == nil)
        #expect(cache[keys[2]] == ["a": ["3"]])
    }
}
