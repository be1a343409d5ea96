import Testing

@Suite struct DocumentConversionPlaceholderTests {
    @Test func placeholder() {}
}
