import DocumentConversion
import Foundation
import Logging
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Under deploy/local/test the converters must be there: a missing variable fails instead of skipping silently.
@Suite struct ConverterEnvironmentTests {
    @Test func convertersAreConfiguredWhenRequired() {
        if ConverterTestEnvironment.isRequired {
            #expect(ConverterTestEnvironment.isAvailable, "METROLOGY_TEST_REQUIRED=1 but METROLOGY_TEST_CONVERTER_URLS is not set")
        }
    }
}

/// Real LibreOffice behind deploy/converter/converter.py: the instances deploy/local/test started, and for the timeout
/// one this suite starts itself. Serialized: the crash test kills a shared instance's LibreOffice.
@Suite("Converter pool against real converters", .enabled(if: ConverterTestEnvironment.isAvailable), .serialized)
struct ConverterIntegrationTests {
    private let logger: Logger = {
        var logger = Logger(label: "conversion-tests")
        logger.logLevel = .error  // the pool's retry warnings are expected here
        return logger
    }()

    private func sharedPool() -> ConverterPool {
        ConverterPool(
            ConverterPoolConfiguration(urls: ConverterTestEnvironment.urls, requestTimeout: .seconds(90), queueTimeout: .seconds(120)), logger: logger
        )
    }

    @Test func chineseWordDocumentBecomesPDF() async throws {
        let pdf = try await sharedPool().convert(Fixtures.twoPages, from: .docx, to: .pdf())
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let text = try pdfText(pdf)
        #expect(text.contains("检定证书") && text.contains("计量器具名称：电子天平") && text.contains("结论：合格"))
    }

    @Test func chineseWorkbookBecomesPDF() async throws {
        let pdf = try await sharedPool().convert(Fixtures.xlsx(cells: ["原始记录表", "示值误差：0.2%", "检定员：张三"]), from: .xlsx, to: .pdf())
        let text = try pdfText(pdf)
        #expect(text.contains("原始记录表") && text.contains("示值误差：0.2%") && text.contains("检定员：张三"))
    }

    @Test func archivalPDFDeclaresPDFA2() async throws {
        let pdf = try await sharedPool().convert(Fixtures.twoPages, from: .docx, to: .pdf(archival: true))
        let raw = String(decoding: pdf, as: UTF8.self)
        #expect(raw.contains("<pdfaid:part>2</pdfaid:part>") || raw.contains("pdfaid:part=\"2\""))
        let plain = try await sharedPool().convert(Fixtures.twoPages, from: .docx, to: .pdf())
        #expect(!String(decoding: plain, as: UTF8.self).contains("pdfaid:part"))
    }

    @Test func watermarkIsOnEveryPage() async throws {
        let pdf = try await sharedPool().convert(Fixtures.twoPages, from: .docx, to: .pdf(watermark: "作废", watermarkColor: OutputFormat.voidRed))
        #expect(try pdfPageCount(pdf) == 2)
        for page in 1...2 {
            #expect(try pdfText(pdf, page: page).contains("作废"), "page \(page)")
        }
        #expect(try pdfText(pdf, page: 2).contains("检定结果"))
    }

    @Test func sealSVGBecomesPNG() async throws {
        let pool = sharedPool()
        for (format, size) in [(OutputFormat.png(width: 400, height: 400), (400, 400)), (.png, nil)] {
            let png = try await pool.convert(Fixtures.sealSVG, from: .svg, to: format)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
            if let size {
                #expect(width == size.0 && height == size.1)
            } else {
                // 200 px of SVG at LibreOffice's 96 dpi, give or take its rounding.
                #expect((190...210).contains(width) && (190...210).contains(height), "\(width) × \(height)")
            }
            #expect(png[25] == 6)  // colour type RGBA: what the drawing leaves unpainted stays transparent over the page
            #expect(png.count > 2000)  // the ring and the text, not an empty image
        }
    }

    @Test(
        "Garbage is the caller's fault",
        arguments: [
            (DocumentFormat.docx, Data("这不是文档".utf8)), (.xlsx, Fixtures.twoPages), (.svg, Data("<html><body/></html>".utf8)),
            (.odt, Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])),
        ])
    func garbageIsBadInput(format: DocumentFormat, input: Data) async throws {
        let error = await #expect(throws: ConversionError.self) { try await sharedPool().convert(input, from: format, to: .pdf()) }
        #expect(error?.code == "CONVERSION_BAD_INPUT")
    }

    @Test func concurrentConversionsShareTheInstances() async throws {
        let pool = sharedPool()
        let before = await pool.health()
        let allReady = before.allSatisfy { $0.ready }
        #expect(allReady)
        let count = 4 * ConverterTestEnvironment.urls.count
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask {
                    let pdf = try await pool.convert(Fixtures.docx(pages: [["并发转换第\(index)份"]]), from: .docx, to: .pdf())
                    return try pdfText(pdf)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(texts) == Set((0..<count).map { "并发转换第\($0)份" }))
        let after = await pool.health()
        // Every instance took part.
        for (old, new) in zip(before, after) {
            #expect((new.conversions ?? 0) > (old.conversions ?? 0), "\(new.url)")
        }
    }

    @Test func aCrashMidConversionIsRetriedAndTheInstanceComesBack() async throws {
        let urls = ConverterTestEnvironment.urls
        try #require(urls.count >= 2, "the crash test needs two instances")
        let pool = sharedPool()
        let conversion = Task { try await pool.convert(Fixtures.large, from: .docx, to: .pdf()) }
        // Find the instance that has the document and kill its LibreOffice (not the converter) mid-way.
        var victim: (url: URL, pid: Int32, restarts: Int)?
        for _ in 0..<100 where victim == nil {
            for url in urls {
                let health = try await rawHealth(url)
                if health["busy"] as? Bool == true, let pid = health["pid"] as? Int {
                    victim = (url, Int32(pid), health["restarts"] as? Int ?? 0)
                }
            }
            if victim == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let killed = try #require(victim, "no instance reported the document as busy")
        try await Task.sleep(for: .milliseconds(500))
        #expect(kill(killed.pid, SIGKILL) == 0)
        let pdf = try await conversion.value
        #expect(try pdfPageCount(pdf) > 100)
        // The instance restarts its LibreOffice and reports ready again.
        var back = false
        for _ in 0..<120 where !back {
            let health = try? await rawHealth(killed.url)
            back = health?["status"] as? String == "ready" && (health?["restarts"] as? Int ?? 0) > killed.restarts
            if !back { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(back)
        let again = try await ConverterPool(ConverterPoolConfiguration(urls: [killed.url]), logger: logger)
            .convert(Fixtures.twoPages, from: .docx, to: .pdf())
        #expect(try pdfText(again).contains("检定证书"))
    }

    @Test func aConversionOverTheTimeoutRestartsLibreOffice() async throws {
        let converter = try OwnConverter(port: ConverterTestEnvironment.ownConverterPort, timeoutSeconds: 1.5, name: "timeout-test")
        defer { converter.stop() }
        let pool = ConverterPool(
            ConverterPoolConfiguration(urls: [converter.url], requestTimeout: .seconds(60), queueTimeout: .seconds(60)), logger: logger)
        var ready = false
        for _ in 0..<240 where !ready {
            ready = await pool.health().first?.ready == true
            if !ready { try await Task.sleep(for: .milliseconds(250)) }
        }
        try #require(ready, "the test's own converter did not start")
        let started = ContinuousClock.now
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Fixtures.large, from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_TIMEOUT")
        #expect(error?.isInstanceFault == true)
        // Two attempts (the retry lands on the only instance), each cut at 1.5 s: not the minutes a hang would take.
        #expect(ContinuousClock.now - started < .seconds(30))
        var recovered: InstanceHealth?
        for _ in 0..<120 where recovered == nil {
            if let health = await pool.health().first, health.ready { recovered = health } else { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect((recovered?.restarts ?? 0) >= 2)
        let pdf = try await pool.convert(Fixtures.twoPages, from: .docx, to: .pdf())
        #expect(try pdfText(pdf).contains("检定证书"))
    }

    /// The converter's own /health body (the pool's InstanceHealth leaves out LibreOffice's PID).
    private func rawHealth(_ base: URL) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("health"))
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
