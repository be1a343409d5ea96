import Contracts
import Foundation
import Messaging
import RPCCore
import Testing

/// A standard's category (标准类别, issue 16) names the kind of standard it is, as procedures name their needs
/// (flows StandardNeed.code); CheckStandardsUsable answers each standard found in full, so records can keep what was
/// used with the record.
@Suite("Devices: standard category and usability answer", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct StandardCategoryTests {
    typealias Standards = StandardsTests.Standards

    @Test("the category is stored, returned, changed and cleared; a malformed one is refused STANDARD_CATEGORY_INVALID")
    func category() async throws {
        let fx = try await IdentityFixtures.make("standards-category")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        var request = Standards.request(Standards.code("BZ"), name: "标准金属量器")
        request.category = " metal_measure "
        let created = try await api.create(request)
        #expect(created.category == "metal_measure")
        #expect(try await api.get(created.id).category == "metal_measure")
        #expect(try await api.create("BZ").category == "")  // optional

        for bad in ["1metal", "metal measure", "金属量器", String(repeating: "m", count: 41)] {
            var malformed = Standards.request(Standards.code("BZ"))
            malformed.category = bad
            let refused = try await expectRPCError(.invalidArgument) { _ = try await api.create(malformed) }
            #expect(refused.reason == "STANDARD_CATEGORY_INVALID")
            #expect(refused.details["field"] == "category")
        }

        var update = Metrology_Devices_V1_UpdateStandardRequest()
        update.standardID = created.id
        update.category = "metal-measure"
        let refused = try await expectRPCError(.invalidArgument) {
            _ = try await fx.client.call(DevicesMethods.updateStandard, update, options: api.options)
        }
        #expect(refused.reason == "STANDARD_CATEGORY_INVALID")
        update.category = "volume_measure"
        #expect(try await fx.client.call(DevicesMethods.updateStandard, update, options: api.options).category == "volume_measure")
        var other = Metrology_Devices_V1_UpdateStandardRequest()
        other.standardID = created.id
        other.name = "二等标准金属量器"
        #expect(try await fx.client.call(DevicesMethods.updateStandard, other, options: api.options).category == "volume_measure")  // absent: kept
        update.category = ""
        #expect(try await fx.client.call(DevicesMethods.updateStandard, update, options: api.options).category == "")

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.action = "standard.updated"
        audit.entityID = created.id
        let entries = try await fx.client.call(AuditMethods.list("devices"), audit, options: api.options).entries
        #expect(entries.contains { $0.detailsJson.contains("metal_measure → volume_measure") })
    }

    @Test("CheckStandardsUsable answers each standard found in full (usable or not), and none for an unknown id")
    func usabilityAnswersTheStandard() async throws {
        let fx = try await IdentityFixtures.make("standards-usable-full")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        var request = Standards.request(Standards.code("BZ"), name: "标准金属量器")
        request.category = "metal_measure"
        let good = try await api.create(request)
        try await api.setFactors(good.id, [("20 L", "1.0002", "")])
        var expiredRequest = Standards.request(Standards.code("BZ"), certificate: Standards.certificate(issued: -400, validUntil: -2))
        expiredRequest.category = "metal_measure"
        let expired = try await api.create(expiredRequest)
        let unknown = UUID().uuidString.lowercased()

        let answer = try await api.usable([good.id, expired.id, unknown])
        #expect(answer.results.map(\.usable) == [true, false, false])
        #expect(answer.results[0].standard.code == good.code)
        #expect(answer.results[0].standard.category == "metal_measure")
        #expect(answer.results[0].standard.certificate.number == good.certificate.number)
        #expect(answer.results[0].standard.correctionFactors.map(\.value) == ["1.0002"])
        #expect(answer.results[1].reason == "STANDARD_EXPIRED")
        #expect(answer.results[1].standard.id == expired.id)
        #expect(answer.results[1].standard.expired)
        #expect(answer.results[2].reason == "STANDARD_NOT_FOUND")
        #expect(!answer.results[2].hasStandard)
    }
}
