import Testing

@Suite struct PDFSealPlaceholderTests {
    @Test func placeholder() {}
}
