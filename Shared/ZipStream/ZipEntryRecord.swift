/// What the central directory needs to know about one finished entry (APPNOTE 4.3.12).
struct ZipEntryRecord {
    var name: [UInt8]
    var method: UInt16
    var dosTime: DOSDateTime
    var unixTime: UInt32
    var crc: UInt32 = 0
    var compressedSize: UInt64 = 0
    var uncompressedSize: UInt64 = 0
    var localHeaderOffset: UInt64

    static let ffff: UInt64 = 0xFFFF_FFFF

    /// Bit 3: sizes and CRC follow the data (a data descriptor); bit 11: the name is UTF-8.
    static let flags: UInt16 = 1 << 3 | 1 << 11

    /// The extended-timestamp extra field (0x5455, modification time only): the moment in UTC, which unzip and most
    /// readers prefer over the zone-less DOS time.
    var timestampExtra: [UInt8] {
        var extra: [UInt8] = []
        extra.appendLE(UInt16(0x5455))
        extra.appendLE(UInt16(5))
        extra.append(1)
        extra.appendLE(unixTime)
        return extra
    }

    /// The local header (APPNOTE 4.3.7): CRC and sizes are zero, the data descriptor after the data carries them.
    var localHeader: [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(30 + name.count + 9)
        header.appendLE(UInt32(0x0403_4B50))
        header.appendLE(UInt16(20))  // version needed: 2.0 (deflate)
        header.appendLE(Self.flags)
        header.appendLE(method)
        header.appendLE(dosTime.time)
        header.appendLE(dosTime.date)
        header.appendLE(UInt32(0))
        header.appendLE(UInt32(0))
        header.appendLE(UInt32(0))
        header.appendLE(UInt16(name.count))
        header.appendLE(UInt16(9))
        header += name
        header += timestampExtra
        return header
    }

    var needsZip64: Bool { compressedSize >= Self.ffff || uncompressedSize >= Self.ffff || localHeaderOffset >= Self.ffff }

    /// The data descriptor (APPNOTE 4.3.9): 8-byte sizes when either size needs them (as the central directory's
    /// ZIP64 field then says), else 4-byte ones.
    var dataDescriptor: [UInt8] {
        var descriptor: [UInt8] = []
        descriptor.appendLE(UInt32(0x0807_4B50))
        descriptor.appendLE(crc)
        if compressedSize >= Self.ffff || uncompressedSize >= Self.ffff {
            descriptor.appendLE(compressedSize)
            descriptor.appendLE(uncompressedSize)
        } else {
            descriptor.appendLE(UInt32(compressedSize))
            descriptor.appendLE(UInt32(uncompressedSize))
        }
        return descriptor
    }

    /// The central directory header (APPNOTE 4.3.12), with a ZIP64 extra field (4.5.3) holding, in the order the
    /// note fixes, only the values that do not fit in 32 bits.
    var centralHeader: [UInt8] {
        var zip64: [UInt8] = []
        if uncompressedSize >= Self.ffff { zip64.appendLE(uncompressedSize) }
        if compressedSize >= Self.ffff { zip64.appendLE(compressedSize) }
        if localHeaderOffset >= Self.ffff { zip64.appendLE(localHeaderOffset) }
        var extra = timestampExtra
        if !zip64.isEmpty {
            extra.appendLE(UInt16(0x0001))
            extra.appendLE(UInt16(zip64.count))
            extra += zip64
        }
        var header: [UInt8] = []
        header.reserveCapacity(46 + name.count + extra.count)
        header.appendLE(UInt32(0x0201_4B50))
        header.appendLE(UInt16(3 << 8 | 45))  // made by: Unix, spec 4.5
        header.appendLE(UInt16(zip64.isEmpty ? 20 : 45))
        header.appendLE(Self.flags)
        header.appendLE(method)
        header.appendLE(dosTime.time)
        header.appendLE(dosTime.date)
        header.appendLE(crc)
        header.appendLE(UInt32(min(compressedSize, Self.ffff)))
        header.appendLE(UInt32(min(uncompressedSize, Self.ffff)))
        header.appendLE(UInt16(name.count))
        header.appendLE(UInt16(extra.count))
        header.appendLE(UInt16(0))  // comment length
        header.appendLE(UInt16(0))  // disk number start
        header.appendLE(UInt16(0))  // internal attributes
        header.appendLE(UInt32(0o100644) << 16)  // external attributes: a regular file, rw-r--r--
        header.appendLE(UInt32(min(localHeaderOffset, Self.ffff)))
        header += name
        header += extra
        return header
    }
}
