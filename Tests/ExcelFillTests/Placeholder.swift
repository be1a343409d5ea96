import Testing

@Suite struct ExcelFillPlaceholderTests {
    @Test func placeholder() {}
}
