public import Foundation

/// A picture placed at a bookmark or name: a signature, the seal or the QR code.
public struct FillImage: Sendable, Hashable {
    /// PNG bytes (the only format accepted: the signature pad, the seal service and the QR encoder all produce PNG).
    public var png: Data
    /// Printed width in millimetres.
    public var widthMM: Double
    /// Printed height in millimetres; nil keeps the picture's aspect ratio.
    public var heightMM: Double?
    /// Lines printed after the picture, e.g. the signer's printed name and the signing date.
    public var caption: [String]

    public init(png: Data, widthMM: Double, heightMM: Double? = nil, caption: [String] = []) {
        self.png = png
        self.widthMM = widthMM
        self.heightMM = heightMM
        self.caption = caption
    }
}
