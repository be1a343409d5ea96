import Testing

@Suite struct QRCodePlaceholderTests {
    @Test func placeholder() {}
}
