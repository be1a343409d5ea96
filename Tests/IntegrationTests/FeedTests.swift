import Contracts
import Crypto
import Foundation
import Messaging
import RPCCore
import Synchronization
import Testing

/// The e-CQS-style feed and the performance evaluation through the real stack: mandatory-verification results issued
/// and voided in certificates reach reports' feed as signed entries (a void as a correction referencing the original),
/// a consumer sees only its region, the same cursor gives the same bytes, paging one by one gives the whole feed with
/// no gap or duplicate, keys are checked and a disabled consumer is refused; the evaluation counts the results with
/// their intervals and hides customer-level groups from a reader without records.query.
@Suite("Feed: mandatory-verification results, signed and replayable", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct FeedTests {
    /// A reviewed task whose customer is in `region` (GB/T 2260), set before review so the events carry it.
    static func reviewedTask(
        _ cx: CertificatesFixtures, region: String, errors: [String] = ["0.10", "0.12", "-0.05", "0.08"]
    ) async throws
        -> Metrology_Records_V1_Task
    {
        let (_, accepted) = try await cx.rx.acceptedTask(procedure: cx.procedure, tester: cx.tester.person)
        var update = Metrology_Records_V1_UpdateCustomerRequest()
        update.customerID = accepted.customerID
        update.regionCode = region
        _ = try await cx.client.call(RecordsMethods.updateCustomer, update, options: cx.rx.desk.options)
        let task = try await cx.rx.start(accepted.id, as: cx.tester.person, standards: try await cx.rx.chosenStandards(for: cx.procedure))
        try await cx.enterAll(task.id, errors: errors)
        return try await cx.submitAndReview(task.id)
    }

    static func issued(_ cx: CertificatesFixtures, _ task: Metrology_Records_V1_Task) async throws -> Metrology_Certificates_V1_Certificate {
        _ = try await cx.pendingApproval(task.id)
        let certificate = try await cx.approve(task.id, receipt: try await cx.approvalReceipt(task.id).receipt)
        return try await cx.waitFor(certificate.id) { $0.state != "issuing" }
    }

    static func read(
        _ cx: CertificatesFixtures, key: String, after: String = "", limit: Int32 = 500
    ) async throws -> Metrology_Reports_V1_ReadFeedResponse {
        var request = Metrology_Reports_V1_ReadFeedRequest()
        request.apiKey = key
        request.after = after
        request.limit = limit
        return try await cx.client.call(ReportsMethods.readFeed, request, options: CallOptions(timeout: .seconds(20)))
    }

    static func consumer(_ cx: CertificatesFixtures, name: String, region: String) async throws -> Metrology_Reports_V1_CreatedFeedConsumer {
        var request = Metrology_Reports_V1_CreateFeedConsumerRequest()
        request.name = name
        request.regionPrefix = region
        return try await cx.client.call(ReportsMethods.createFeedConsumer, request, options: cx.rx.admin)
    }

    static func base64url(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// Verifies a JWS as a consumer would, with the published JWKS: EdDSA only, the kid's key, the signature.
    static func verify(_ jws: String, keys: [Metrology_Reports_V1_FeedKey]) throws -> [String: Any] {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = base64url(parts[0]),
            let header = try JSONSerialization.jsonObject(with: headerData) as? [String: Any], header["alg"] as? String == "EdDSA",
            let kid = header["kid"] as? String, let jwk = keys.first(where: { $0.kid == kid }), jwk.crv == "Ed25519",
            let x = base64url(jwk.x), let payload = base64url(parts[1]), let signature = base64url(parts[2])
        else { throw TestFailure("malformed JWS \(jws.prefix(80))") }
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: x)
        guard key.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)) else { throw TestFailure("bad signature") }
        guard let entry = try JSONSerialization.jsonObject(with: payload) as? [String: Any] else { throw TestFailure("payload not an object") }
        return entry
    }

    @Test("issued and voided results become signed entries and a correction; region scope; same cursor same bytes; paging has no gap or duplicate")
    func feed() async throws {
        let cx = try await CertificatesFixtures.make("feed")
        defer { Task { await cx.close() } }
        // A county of Zhejiang (西湖区), so only our results are in the scope of a "3301xx" consumer.
        let county = "3301" + String(format: "%02d", Int.random(in: 10...99))
        let zhejiang = try await Self.consumer(cx, name: "浙江省平台（测试）", region: county)
        let hubei = try await Self.consumer(cx, name: "湖北省平台（测试）", region: "42")
        #expect(zhejiang.apiKey.hasPrefix("fc_") && zhejiang.consumer.regionPrefix == county)

        // The push side: a queue bound to the feed's exchange for this county, like a platform's subscription.
        let pushed = try await FeedPushReader(binding: "*.\(county.prefix(2)).\(county.prefix(4)).\(county)")
        defer { Task { await pushed.close() } }

        let passed = try await Self.issued(cx, try await Self.reviewedTask(cx, region: county))
        let failed = try await Self.issued(cx, try await Self.reviewedTask(cx, region: county, errors: ["0.50", "0.60", "0.40", "0.45"]))
        #expect(passed.state == "issued" && failed.state == "issued" && failed.kind == "notice")
        var void = Metrology_Certificates_V1_VoidCertificateRequest()
        void.id = failed.id
        void.reason = "委托单位名称填写错误"
        _ = try await cx.client.call(CertificatesMethods.voidCertificate, void, options: cx.approver.person.options)

        var page = Metrology_Reports_V1_ReadFeedResponse()
        _ = try await eventually(timeout: .seconds(30), every: .milliseconds(300)) {
            page = try await Self.read(cx, key: zhejiang.apiKey)
            return page.entries.count >= 3
        }
        #expect(page.entries.map(\.type) == ["result", "result", "correction"], "\(page.entries.map(\.type))")
        #expect(page.regionPrefix == county)
        let sequences = page.entries.map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 3)

        // Every entry verifies with the published key; the correction names the original's sequence.
        let keys = try await cx.client.call(
            ReportsMethods.listFeedKeys, Metrology_Reports_V1_ListFeedKeysRequest(), options: CallOptions(timeout: .seconds(20))
        ).keys
        #expect(!keys.isEmpty && keys.allSatisfy { $0.kty == "OKP" && $0.alg == "EdDSA" })
        let entries = try page.entries.map { try Self.verify($0.jws, keys: keys) }
        #expect(entries.allSatisfy { $0["schemaVersion"] as? Int == 1 })
        let certificates = entries.compactMap { ($0["certificate"] as? [String: Any])?["number"] as? String }
        #expect(certificates == [passed.number, failed.number, failed.number])
        let correction = try #require(entries[2]["correction"] as? [String: Any])
        #expect((correction["corrects"] as? Int).map(Int64.init) == page.entries[1].sequence)
        #expect(correction["reason"] as? String == "委托单位名称填写错误")
        #expect((entries[1]["certificate"] as? [String: Any])?["result"] as? String == "不合格")
        #expect((entries[0]["customer"] as? [String: Any])?["regionCode"] as? String == county)
        #expect(page.entries.allSatisfy { String(data: Self.base64url($0.jws.split(separator: ".")[1]) ?? Data(), encoding: .utf8) == $0.entryJson })

        // Pushed too, after commit, in order, the same JWS.
        _ = try await eventually(timeout: .seconds(20)) { pushed.bodies.count >= 3 }
        #expect(pushed.bodies == page.entries.map(\.jws))
        #expect(pushed.routingKeys == ["result", "result", "correction"].map { "\($0).\(county.prefix(2)).\(county.prefix(4)).\(county)" })

        // The same cursor, the same bytes; one by one, the same entries with no gap or duplicate.
        let again = try await Self.read(cx, key: zhejiang.apiKey)
        #expect(again.entries.map(\.jws) == page.entries.map(\.jws) && again.nextCursor == page.nextCursor)
        var cursor = ""
        var oneByOne: [Metrology_Reports_V1_FeedEntry] = []
        for _ in 0..<10 {
            let step = try await Self.read(cx, key: zhejiang.apiKey, after: cursor, limit: 1)
            if step.entries.isEmpty {
                #expect(step.nextCursor == cursor, "an empty page keeps the cursor")
                break
            }
            oneByOne += step.entries
            cursor = step.nextCursor
        }
        #expect(oneByOne.map(\.jws) == page.entries.map(\.jws))
        let fromMiddle = try await Self.read(cx, key: zhejiang.apiKey, after: try await Self.read(cx, key: zhejiang.apiKey, limit: 1).nextCursor)
        #expect(fromMiddle.entries.map(\.sequence) == Array(sequences.dropFirst()))

        // Another region sees none of these; bad keys, bad cursors and a disabled consumer are refused with their codes.
        #expect(try await Self.read(cx, key: hubei.apiKey).entries.allSatisfy { !sequences.contains($0.sequence) })
        // The last character changed to another one (appending a fixed "A" left the key right when it already ended so).
        let wrongKey = String(zhejiang.apiKey.dropLast()) + (zhejiang.apiKey.hasSuffix("A") ? "B" : "A")
        let wrong = try await expectRPCError(.unauthenticated) { _ = try await Self.read(cx, key: wrongKey) }
        #expect(wrong.reason == "REPORTS_FEED_CONSUMER_UNAUTHENTICATED")
        let badCursor = try await expectRPCError(.invalidArgument) { _ = try await Self.read(cx, key: zhejiang.apiKey, after: "42") }
        #expect(badCursor.reason == "REPORTS_FEED_CURSOR_INVALID")
        var disable = Metrology_Reports_V1_DisableFeedConsumerRequest()
        disable.id = hubei.consumer.id
        #expect(try await cx.client.call(ReportsMethods.disableFeedConsumer, disable, options: cx.rx.admin).disabled)
        let disabled = try await expectRPCError(.unauthenticated) { _ = try await Self.read(cx, key: hubei.apiKey) }
        #expect(disabled.reason == "REPORTS_FEED_CONSUMER_UNAUTHENTICATED")
        let notOperator = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(
                ReportsMethods.listFeedConsumers, Metrology_Reports_V1_ListFeedConsumersRequest(), options: cx.approver.person.options)
        }
        #expect(notOperator.reason == "PERMISSION_DENIED")

        // The evaluation counts the two issued results of the item (the voided one does not count any more).
        let supervisor = try await cx.rx.person("feed-supervisor", roles: ["supervisor"])
        var query = Metrology_Reports_V1_EvaluationQuery()
        query.dimension = "customer"
        query.itemID = cx.procedure.item.id
        var report = Metrology_Reports_V1_FailureRateReport()
        _ = try await eventually(timeout: .seconds(20), every: .milliseconds(300)) {
            report = try await cx.client.call(ReportsMethods.evaluateFailureRates, query, options: supervisor.options)
            return report.field.total >= 1
        }
        #expect(report.field.total == 1 && report.field.failures == 0 && report.field.upper > 0 && report.field.lower == 0)
        // A reader without records.query: no customer grouping, and the one-customer group folds into 其他.
        let clerk = try await cx.rx.person("feed-docs", roles: ["document_admin"])
        let forbidden = try await expectRPCError(.permissionDenied) {
            _ = try await cx.client.call(ReportsMethods.evaluateFailureRates, query, options: clerk.options)
        }
        #expect(forbidden.reason == "REPORTS_EVALUATION_CUSTOMER_FORBIDDEN")
        query.dimension = "model"
        let folded = try await cx.client.call(ReportsMethods.evaluateFailureRates, query, options: clerk.options)
        #expect(folded.groups.allSatisfy { $0.key.isEmpty && $0.title.hasPrefix("其他") } && folded.note.contains("少于 3 家"))
    }
}

/// A platform's AMQP subscription to the feed: an exclusive queue bound to `feeds.verification-results`.
final class FeedPushReader: Sendable {
    private let received = Mutex<[AMQPDelivery]>([])
    private let connection: AMQPConnection

    init(binding: String) async throws {
        let box = Box()
        let queue = "feed-test-" + UUID().uuidString.prefix(8).lowercased()
        connection = AMQPConnection(
            configuration: TestEnvironment.amqp("feed-reader"),
            topology: AMQPTopology(
                exchanges: [.init(name: "feeds.verification-results")],
                queues: [.init(name: queue, durable: false, exclusive: true, autoDelete: true)],
                bindings: [.init(queue: queue, exchange: "feeds.verification-results", routingKey: binding)],
                publisherConfirms: false, consumers: [.init(queue: queue, tag: "feed-reader", noAck: true)]),
            logger: TestEnvironment.logger, onDelivery: { box.append($0) })
        box.owner = self
        connection.start()
        guard await connection.waitUntilConnected(timeout: .seconds(20)) else { throw TestFailure("feed reader could not connect") }
    }

    var bodies: [String] { received.withLock { $0.map { String(decoding: $0.body, as: UTF8.self) } } }
    var routingKeys: [String] { received.withLock { $0.map(\.routingKey) } }

    func close() async { await connection.close() }

    fileprivate func append(_ delivery: AMQPDelivery) { received.withLock { $0.append(delivery) } }

    /// Breaks the init-time cycle: the connection's callback needs the reader, which needs the connection.
    private final class Box: @unchecked Sendable {
        weak var owner: FeedPushReader?
        func append(_ delivery: AMQPDelivery) { owner?.append(delivery) }
    }
}
