import Foundation
import ZIPFoundation

/// Inflates entries of a validated `ZipDirectory` from memory, chunk by chunk, and stops the moment an entry
/// produces more than it declared. Because `ZipBombGuard` already held the declared sizes to the limits, that single
/// cap enforces all of them: a bomb that understates its size is cut off within one 16 KiB chunk.
///
/// Inflation is ZIPFoundation's public streaming `Data.decompress`, fed by `BoundedProvider` rather than by
/// `Archive.extract`, which on Linux hands zlib more input than it read and never returns on a stream that does not
/// end (see `ZipDirectory`).
final class ZipEntryReader {
    static let chunkSize = 16 * 1024

    private let view: ByteView
    /// Bytes produced so far over all entries; tests read it to prove a bomb was cut off early.
    private(set) var inflatedBytes = 0

    init(data: Data) {
        view = ByteView(data: data)
    }

    /// The entry's content (or, with `keep: false`, an empty Data after verifying it), its size and CRC-32 checked.
    func read(_ entry: ZipEntryRecord, keep: Bool = true) throws(TemplateRejection) -> Data {
        let shown = ZipEntryName.display(entry.name)
        guard let compressed = view.bytes(entry.dataOffset, entry.compressedSize) else {
            throw .notZip("条目“\(shown)”的数据超出文件范围")
        }
        var output = Data()
        if keep { output.reserveCapacity(entry.uncompressedSize) }
        var produced = 0
        let consume: (Data) throws -> Void = { chunk in
            produced += chunk.count
            self.inflatedBytes += chunk.count
            if produced > entry.uncompressedSize { throw ReadStop.exceededDeclaredSize }
            if keep { output.append(chunk) }
        }
        let checksum: CRC32
        do {
            if entry.method == 0 {
                try consume(compressed)
                checksum = compressed.crc32(checksum: 0)
            } else {
                let provider = BoundedProvider(compressed)
                checksum = try Data.decompress(
                    size: Int64(compressed.count), bufferSize: Self.chunkSize, skipCRC32: false, provider: provider.next, consumer: consume)
            }
        } catch ReadStop.exceededDeclaredSize {
            throw .zipBomb("条目“\(shown)”解压后超过其声明的 \(ByteCount.text(entry.uncompressedSize))，已在 \(ByteCount.text(produced)) 处停止")
        } catch ReadStop.truncated {
            throw .notZip("条目“\(shown)”的压缩数据不完整")
        } catch {
            throw .notZip("条目“\(shown)”的压缩数据已损坏")
        }
        guard produced == entry.uncompressedSize else { throw .notZip("条目“\(shown)”解压后的大小与声明不符") }
        guard checksum == entry.crc32 else { throw .notZip("条目“\(shown)”的校验和（CRC-32）不符，文件已损坏") }
        return output
    }
}

enum ReadStop: Error {
    case exceededDeclaredSize
    case truncated
}

/// Feeds the inflater exactly one entry's compressed bytes. ZIPFoundation's Linux `decode` tells zlib every chunk
/// is `bufferSize` long whatever was returned, and asks again forever while the stream has not ended; so the last
/// chunk is padded with zeros to full length (zlib stops at the stream's end and ignores them) and a request past
/// the end throws instead of returning nothing.
final class BoundedProvider {
    private let bytes: Data
    private var served = 0

    init(_ bytes: Data) {
        self.bytes = bytes
    }

    func next(_ position: Int64, _ size: Int) throws -> Data {
        guard size > 0 else { return Data() }
        guard served < bytes.count else { throw ReadStop.truncated }
        let length = min(size, bytes.count - served)
        let start = bytes.startIndex + served
        var chunk = Data(bytes[start..<start + length])
        served += length
        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
        return chunk
    }
}
