/// Where a visible signature widget sits on page 1, in PDF points from the page's lower-left corner — typically over
/// the red seal image already in the page, so that clicking the seal shows the signature.
public struct SealRectangle: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}
