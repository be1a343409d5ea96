import Testing

@Suite struct WordFillPlaceholderTests {
    @Test func placeholder() {}
}
