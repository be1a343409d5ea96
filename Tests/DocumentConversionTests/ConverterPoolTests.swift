import DocumentConversion
import Foundation
import Logging
import Testing

/// The pool's rules against a fake network: what it sends, when it retries, how callers queue.
@Suite struct ConverterPoolTests {
    private let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .error  // the pool's retry warnings are expected here
        return logger
    }()

    private func pool(_ urls: [URL], queue: Duration = .seconds(5), _ transport: FakeTransport) -> ConverterPool {
        ConverterPool(ConverterPoolConfiguration(urls: urls, requestTimeout: .seconds(5), queueTimeout: queue), transport: transport, logger: logger)
    }

    @Test func sendsFormatOptionsAsUTF8Query() async throws {
        let transport = FakeTransport { _ in FakeTransport.ok("%PDF") }
        let pool = pool(instances(1), transport)
        _ = try await pool.convert(Data("x".utf8), from: .docx, to: .pdf(archival: true, watermark: "作废 A+B", watermarkColor: OutputFormat.voidRed))
        _ = try await pool.convert(Data("x".utf8), from: .svg, to: .png(width: 400, height: 300))
        _ = try await pool.convert(Data("x".utf8), from: .xlsx, to: .png)
        #expect(transport.calls.map(\.path) == ["/convert", "/convert", "/convert"])
        #expect(
            transport.calls.map(\.query) == [
                "from=docx&to=pdf&pdfa=2&watermark=%E4%BD%9C%E5%BA%9F%20A%2BB&watermark_color=e00000",
                "from=svg&to=png&width=400&height=300",
                "from=xlsx&to=png",
            ])
    }

    @Test("An instance fault (crash, not ready, timeout, no answer) is retried once on the other instance", arguments: [502, 503, 504, 0])
    func retriesInstanceFaultElsewhere(status: Int) async throws {
        let transport = FakeTransport { call in
            if call.port == 1 {
                if status == 0 { throw ConverterTransportError.unreachable("connection refused") }
                return FakeTransport.failure(status, "CONVERTER_CRASHED")
            }
            return FakeTransport.ok("from 2")
        }
        let pool = pool(instances(1, 2), transport)
        let output = try await pool.convert(Data("x".utf8), from: .docx, to: .pdf())
        #expect(String(decoding: output, as: UTF8.self) == "from 2")
        #expect(transport.calls.map(\.port) == [1, 2])
    }

    @Test func badInputIsNotRetried() async throws {
        let transport = FakeTransport { _ in FakeTransport.failure(422, "CONVERSION_BAD_INPUT") }
        let pool = pool(instances(1, 2), transport)
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data("junk".utf8), from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_BAD_INPUT")
        #expect(error?.isInstanceFault == false)
        #expect(transport.calls.count == 1)
    }

    @Test func secondFaultIsReported() async throws {
        let transport = FakeTransport { _ in FakeTransport.failure(504, "CONVERSION_TIMEOUT") }
        let pool = pool(instances(1, 2), transport)
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data("x".utf8), from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_TIMEOUT")
        #expect(transport.calls.map(\.port) == [1, 2])
    }

    /// The retry finds the instance still restarting LibreOffice after the first attempt's timeout: the timeout is
    /// what the caller learns, not that the converter was briefly unavailable.
    @Test func aRetryThatFindsTheInstanceRestartingReportsTheFirstFault() async throws {
        let calls = CallCounter()
        let transport = FakeTransport { _ in
            calls.next() == 1 ? FakeTransport.failure(504, "CONVERSION_TIMEOUT") : FakeTransport.failure(503, "CONVERTER_NOT_READY")
        }
        let pool = pool(instances(1), transport)
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data("x".utf8), from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_TIMEOUT")
        #expect(error?.isInstanceFault == true)
        #expect(transport.calls.count == 2)
    }

    @Test func aSingleInstanceIsRetriedItself() async throws {
        let failures = CallCounter()
        let transport = FakeTransport { _ in
            let first = failures.next() == 1
            return first ? FakeTransport.failure(502, "CONVERTER_CRASHED") : FakeTransport.ok("again")
        }
        let pool = pool(instances(1), transport)
        #expect(try await pool.convert(Data("x".utf8), from: .xlsx, to: .pdf()) == Data("again".utf8))
        #expect(transport.calls.map(\.port) == [1, 1])
    }

    @Test func otherStatusesFailWithoutRetry() async throws {
        let transport = FakeTransport { _ in FakeTransport.failure(500, "CONVERSION_FAILED") }
        let pool = pool(instances(1, 2), transport)
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data("x".utf8), from: .odt, to: .pdf()) }
        #expect(error?.code == "CONVERSION_FAILED")
        #expect(transport.calls.count == 1)
    }

    @Test func noInstancesIsNotConfigured() async throws {
        let pool = pool([], FakeTransport { _ in FakeTransport.ok("") })
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data(), from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_NOT_CONFIGURED")
    }

    @Test func eachInstanceTakesOneDocumentAtATime() async throws {
        let transport = FakeTransport { _ in
            try await Task.sleep(for: .milliseconds(30))
            return FakeTransport.ok("done")
        }
        let pool = pool(instances(1, 2), transport)
        let results = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<10 { group.addTask { try await pool.convert(Data("x".utf8), from: .docx, to: .pdf()) } }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(results.count == 10)
        #expect(transport.maxInFlightPerInstance == 1)
        #expect(Set(transport.calls.map(\.port)) == [1, 2])
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let transport = FakeTransport { _ in
            try await Task.sleep(for: .milliseconds(100))
            return FakeTransport.ok("done")
        }
        let pool = pool(instances(1), transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    // Each word names its caller, so the fake's calls show who was served when.
                    _ = try await pool.convert(Data(), from: .docx, to: .pdf(watermark: "c\(caller)"))
                }
                try await Task.sleep(for: .milliseconds(20))  // arrive in order while the first is converting
            }
            try await group.waitForAll()
        }
        #expect(transport.calls.map(\.query) == (0..<4).map { "from=docx&to=pdf&watermark=c\($0)" })
    }

    @Test func aBoundedWaitEndsInPoolBusy() async throws {
        let transport = FakeTransport { _ in
            try await Task.sleep(for: .milliseconds(600))
            return FakeTransport.ok("slow")
        }
        let pool = pool(instances(1), queue: .milliseconds(100), transport)
        async let first = pool.convert(Data(), from: .docx, to: .pdf())
        try await Task.sleep(for: .milliseconds(50))
        let error = await #expect(throws: ConversionError.self) { try await pool.convert(Data(), from: .docx, to: .pdf()) }
        #expect(error?.code == "CONVERSION_POOL_BUSY")
        #expect(try await first == Data("slow".utf8))
        // The instance is free again afterwards.
        #expect(try await pool.convert(Data(), from: .docx, to: .pdf()) == Data("slow".utf8))
    }

    @Test func healthAsksEveryInstance() async throws {
        let transport = FakeTransport { call in
            #expect(call.path == "/health")
            if call.port == 1 { return FakeTransport.ok(#"{"status":"ready","conversions":7,"restarts":1,"busy":false}"#) }
            if call.port == 2 { return ConverterResponse(status: 503, body: Data(#"{"status":"starting","conversions":0,"restarts":2}"#.utf8)) }
            throw ConverterTransportError.unreachable("connection refused")
        }
        let health = await pool(instances(1, 2, 3), transport).health()
        #expect(health.map(\.ready) == [true, false, false])
        #expect(health[0].conversions == 7 && health[0].restarts == 1)
        #expect(health[1].restarts == 2)
        #expect(health[2].conversions == nil && health[2].problem != nil)
    }

    @Test func configurationFromEnvironment() throws {
        let configuration = try ConverterPoolConfiguration(environment: [
            "METROLOGY_CONVERTER_URLS": " http://127.0.0.1:56311, http://converter-1.converter:8080/ ,",
            "METROLOGY_CONVERTER_TIMEOUT_SECONDS": "30",
        ])
        #expect(configuration.urls.map(\.absoluteString) == ["http://127.0.0.1:56311", "http://converter-1.converter:8080/"])
        #expect(configuration.requestTimeout == .seconds(30))
        #expect(configuration.queueTimeout == .seconds(60))
        #expect(try ConverterPoolConfiguration(environment: [:]).urls.isEmpty)
        let error = #expect(throws: ConversionError.self) { try ConverterPoolConfiguration(environment: ["METROLOGY_CONVERTER_URLS": "ftp://x"]) }
        #expect(error?.code == "CONVERSION_NOT_CONFIGURED")
    }
}
