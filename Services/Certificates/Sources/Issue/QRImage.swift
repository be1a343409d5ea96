import Foundation
import QRCode

/// The QR code printed at `QR_CODE`: the public check's address with the number and check code, error correction M
/// (a stamp or a fold may cover part of it), 8 pixels a module so it prints sharp at 22 mm.
enum QRImage {
    static func png(_ text: String) throws -> Data {
        try QRCode.encode(text, correction: .medium).png(scale: 8)
    }
}
