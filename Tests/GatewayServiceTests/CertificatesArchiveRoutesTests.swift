import Auth
import Contracts
import Foundation
import GatewayService
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import RPCCore
import SwiftProtobuf
import Testing

/// `GET /v1/certificates/archive`: the query's certificates as one streamed zip — paged through ListCertificates with
/// the list's filters, each PDF read chunk by chunk — that unzip and Python's zipfile read back; a query past the
/// limit is refused before anything is read.
@Suite struct CertificatesArchiveRoutesTests {
    let gateway = TestGateway()

    /// File contents by address: two PDFs of several ReadFile chunks, small ones, and one the service lost.
    static let files: [String: [UInt8]] = [
        "a-pdf": pattern(2 * (1 << 20) + 300, seed: 1), "a-raw": pattern(40_000, seed: 2), "b-pdf": pattern(1 << 20, seed: 3),
        "c-pdf": pattern(900, seed: 4), "c-void": pattern(1_500_000, seed: 5),
    ]

    static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        Array("%PDF-1.7\n".utf8) + (0..<max(0, count - 9)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed) &* 17) }
    }

    static func certificate(_ id: String, number: String, pdf: String?, raw: String?, voided: String? = nil) -> Metrology_Certificates_V1_Certificate
    {
        var certificate = Metrology_Certificates_V1_Certificate()
        certificate.id = id
        certificate.number = number
        certificate.kind = "certificate"
        certificate.state = voided == nil ? "issued" : "voided"
        certificate.customerName = "杭州市\"城西\",加油站"
        certificate.instrumentName = "燃油加油机"
        certificate.conclusion = "合格"
        certificate.issuedAt = .init(seconds: 1_764_000_000)
        if let pdf { certificate.pdf.sha256 = pdf; certificate.pdf.size = Int64(files[pdf]?.count ?? 7) }
        if let raw { certificate.rawRecordPdf.sha256 = raw; certificate.rawRecordPdf.size = Int64(files[raw]?.count ?? 7) }
        if let voided { certificate.voidedPdf.sha256 = voided; certificate.voidedPdf.size = Int64(files[voided]?.count ?? 0) }
        return certificate
    }

    static func backend(total: Int64 = 3) -> FakeBackend {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.listCertificates) { request in
            var page = Metrology_Certificates_V1_ListCertificatesResponse()
            page.total = total
            if request.cursor.isEmpty {
                page.certificates = [
                    certificate("c-a", number: "JD2026-000001", pdf: "a-pdf", raw: "a-raw"),
                    certificate("c-b", number: "JD2026/000002", pdf: "b-pdf", raw: "lost"),
                ]
                page.nextCursor = "page-2"
            } else {
                page.certificates = [certificate("c-c", number: "JD2026-000003", pdf: "c-pdf", raw: nil, voided: "c-void")]
            }
            return page
        }
        backend.answer(CertificatesMethods.readFile) { request in
            guard let content = files[request.sha256] else { throw RPCError.notFound("文件不存在", reason: "CERTIFICATES_FILE_NOT_FOUND") }
            let start = Int(request.offset)
            let end = min(start + Int(request.length), content.count)
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file.sha256 = request.sha256
            chunk.file.size = Int64(content.count)
            chunk.offset = request.offset
            chunk.content = Data(content[start..<end])
            chunk.last = end == content.count
            return chunk
        }
        return backend
    }

    /// A token as the console has right after refreshing its session: 15 minutes left, enough for a long download.
    func freshAuthorization(left seconds: Int64 = 900) throws -> HTTPFields {
        let now = Int64(Date().timeIntervalSince1970)
        let token = try TokenSigner(keyID: "k1", privateKey: gateway.key).sign(
            AccessTokenClaims(
                sub: "u1", usr: "li", name: "李四", roles: [], perms: [], sid: "s1", dev: nil, iat: now - 900 + seconds, exp: now + seconds))
        return [.authorization: "Bearer \(token)"]
    }

    /// Every page and chunk is read with the caller's token while the zip streams: one that expires within 10 minutes
    /// would die midway (TOKEN_EXPIRED), so it is refused before anything is read.
    @Test func aTokenWithLessThanTenMinutesLeftIsRefusedBeforeAnythingIsRead() async throws {
        let backend = Self.backend()
        try await gateway.app(backend).test(.router) { client in
            for left: Int64 in [60, 599] {
                try await client.execute(uri: "/v1/certificates/archive", method: .get, headers: try freshAuthorization(left: left)) { response in
                    try expectProblem(response, .unauthorized, code: "ARCHIVE_TOKEN_TOO_SHORT")
                    #expect((try jsonObject(response.body)["title"] as? String)?.contains("请刷新登录后重新下载") == true)
                }
            }
        }
        #expect(backend.calls.all.isEmpty)
    }

    /// A chunk flagged `last` before the file's announced size is an inconsistency: the body ends short (no central
    /// directory), never a zip holding a cut PDF as if it were whole.
    @Test func aChunkFlaggedLastBeforeTheSizeEndsTheZipShort() async throws {
        var backend = Self.backend(total: 1)
        backend.answer(CertificatesMethods.listCertificates) { _ in
            var page = Metrology_Certificates_V1_ListCertificatesResponse()
            page.total = 1
            page.certificates = [Self.certificate("c-a", number: "JD2026-000001", pdf: "a-pdf", raw: nil)]
            return page
        }
        backend.answer(CertificatesMethods.readFile) { request in
            let content = Self.files["a-pdf"] ?? []
            var chunk = Metrology_Certificates_V1_FileChunk()
            chunk.file.sha256 = request.sha256
            chunk.file.size = Int64(content.count)
            chunk.offset = request.offset
            chunk.content = Data(content[Int(request.offset)..<min(Int(request.offset) + (1 << 20), content.count)])
            chunk.last = true  // a broken service: "last" at the first of three chunks
            return chunk
        }
        try await gateway.app(backend).test(.live) { client in
            let response = try? await client.execute(uri: "/v1/certificates/archive", method: .get, headers: try freshAuthorization())
            if let response {
                let bytes = Array(response.body.readableBytesView)
                #expect(!bytes.suffix(22).starts(with: [0x50, 0x4B, 0x05, 0x06]))
            }
        }
        #expect(backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }.count == 1)
    }

    @Test func archiveHoldsEachCertificatesFilesAndAManifest() async throws {
        let backend = Self.backend()
        let zip = try await gateway.app(backend).test(.router) { client in
            let uri = "/v1/certificates/archive?itemId=i-1&conclusion=%E5%90%88%E6%A0%BC&issuedFrom=2026-01-01&sort=number"
            return try await client.execute(uri: uri, method: .get, headers: try freshAuthorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[.init("X-Total-Count")!] == "3")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename*=UTF-8''%E8%AF%81%E4%B9%A6") == true)
                return Array(response.body.readableBytesView)
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(zip).write(to: file)
        #expect(try Self.run("/usr/bin/unzip", ["-tq", file.path]).status == 0)
        // Python reads every entry back: name, size, and that its bytes are the file's.
        let script = """
            import json, sys, zipfile, zlib
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({i.filename: [i.file_size, zlib.crc32(z.read(i)), i.compress_type] for i in z.infolist()}, ensure_ascii=False))
            print(z.read("清单.csv").decode("utf-8-sig"))
            """
        let result = try Self.run("/usr/bin/python3", ["-c", script, file.path])
        try #require(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n", maxSplits: 1).map(String.init)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: [Int]])
        let expected: [String: String] = [
            "JD2026-000001/JD2026-000001.pdf": "a-pdf", "JD2026-000001/JD2026-000001-原始记录.pdf": "a-raw",
            "JD2026_000002/JD2026_000002.pdf": "b-pdf", "JD2026-000003/JD2026-000003.pdf": "c-pdf",
            "JD2026-000003/JD2026-000003-作废.pdf": "c-void",
        ]
        #expect(Set(entries.keys) == Set(expected.keys).union(["清单.csv"]))
        for (path, sha256) in expected {
            let content = try #require(Self.files[sha256])
            #expect(entries[path]?[0] == content.count, "\(path)")
            #expect(entries[path]?[1] == Int(Self.crc32(content)), "\(path)")
            #expect(entries[path]?[2] == 0, "\(path) stored")
        }
        let manifest = lines.count > 1 ? lines[1] : ""
        #expect(manifest.hasPrefix("证书编号,种类,状态,委托单位,器具名称,型号,出厂编号,检定结论,签发时间,压缩包中的文件"))
        #expect(manifest.contains(#"JD2026/000002,检定证书,已签发,"杭州市""城西"",加油站",燃油加油机,,,合格,2025-11-25 00:00,JD2026_000002.pdf；"#))
        #expect(manifest.contains("JD2026_000002/JD2026_000002-原始记录.pdf（文件缺失）"))
        #expect(manifest.contains("JD2026-000003,检定证书,已作废"))
        // The list's filters on every page, the second page by the first's cursor; every call with the caller's token.
        let lists = try backend.calls.all.filter { $0.fullName.hasSuffix("/ListCertificates") }.map {
            try $0.request(as: Metrology_Certificates_V1_ListCertificatesRequest.self)
        }
        #expect(lists.map(\.cursor) == ["", "page-2"])
        for list in lists {
            #expect(list.itemID == "i-1")
            #expect(list.conclusion == "合格")
            #expect(list.issuedFrom == "2026-01-01")
            #expect(list.sort == "number")
        }
        for call in backend.calls.all {
            #expect(call.accessToken != nil)
            #expect(call.messageID == nil)
        }
        // ReadFile: 3 chunks for a-pdf, 1 each for a-raw, the lost file, b-pdf (exactly 1 MiB) and c-pdf, 2 for c-void.
        let reads = backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }
        #expect(reads.count == 9)
    }

    @Test func aQueryPastTheLimitIsRefusedBeforeAnyFileIsRead() async throws {
        let backend = Self.backend(total: 2001)
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/certificates/archive?state=issued", method: .get, headers: try freshAuthorization()) { response in
                try expectProblem(response, .badRequest, code: "CERTIFICATES_ARCHIVE_TOO_LARGE")
                #expect((try jsonObject(response.body)["title"] as? String)?.contains("当前查询共 2001 份") == true)
            }
            try await client.execute(uri: "/v1/certificates/archive", method: .get) { response in
                try expectProblem(response, .unauthorized, code: "TOKEN_MISSING")
            }
        }
        #expect(backend.calls.all.filter { $0.fullName.hasSuffix("/ReadFile") }.isEmpty)
    }

    @Test func anEmptyQueryGivesAZipWithTheManifestOnly() async throws {
        var backend = FakeBackend()
        backend.answer(CertificatesMethods.listCertificates) { _ in Metrology_Certificates_V1_ListCertificatesResponse() }
        try await gateway.app(backend).test(.router) { client in
            try await client.execute(uri: "/v1/certificates/archive", method: .get, headers: try freshAuthorization()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.init("X-Total-Count")!] == "0")
                let bytes = Array(response.body.readableBytesView)
                let head: [UInt8] = Array(bytes.prefix(4))
                let end: [UInt8] = Array(bytes.suffix(22).prefix(4))
                #expect(head == [0x50, 0x4B, 0x03, 0x04])
                #expect(end == [0x50, 0x4B, 0x05, 0x06])
            }
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// CRC-32 (IEEE), to compare with Python's `zlib.crc32` of what it read.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
