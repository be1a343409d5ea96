import Auth
import Foundation
import RPCCore
import Testing

@testable import IdentityService

/// 监管区域 of a government supervisor (issue 19) without a database: the code's format, that a supervisor must have
/// one, and that only a supervisor's access token carries it.
@Suite struct SupervisionRegionTests {

    @Test("2, 4 or 6 digits are a region; anything else is IDENTITY_SUPERVISION_REGION_INVALID", arguments: ["42", "4201", "420102", " 42 "])
    func valid(_ code: String) throws {
        #expect(try SupervisionRegion.parse(code) == code.trimmingCharacters(in: .whitespaces))
    }

    @Test(
        "malformed regions are refused with IDENTITY_SUPERVISION_REGION_INVALID",
        arguments: ["4", "420", "42010", "4201021", "42a1", "４２", "00", "0012", "42-01", "42%", "420102000000"])
    func invalid(_ code: String) {
        #expect(refusal { _ = try SupervisionRegion.parse(code) } == "IDENTITY_SUPERVISION_REGION_INVALID")
    }

    @Test("empty means no region")
    func empty() throws {
        #expect(try SupervisionRegion.parse("") == "")
        #expect(try SupervisionRegion.parse("   ") == "")
    }

    @Test("the supervisor role without a region is IDENTITY_SUPERVISION_REGION_REQUIRED; other roles need none")
    func required() {
        #expect(refusal { try SupervisionRegion.check(roles: ["supervisor"], region: "") } == "IDENTITY_SUPERVISION_REGION_REQUIRED")
        #expect(refusal { try SupervisionRegion.check(roles: ["auditor", "supervisor"], region: "") } == "IDENTITY_SUPERVISION_REGION_REQUIRED")
        #expect(refusal { try SupervisionRegion.check(roles: ["supervisor"], region: "42") } == nil)
        #expect(refusal { try SupervisionRegion.check(roles: ["metrologist"], region: "") } == nil)
        #expect(refusal { try SupervisionRegion.check(roles: [], region: "") } == nil)
    }

    @Test("the REQUIRED refusal is in Chinese and names the field")
    func requiredMessage() {
        do {
            try SupervisionRegion.check(roles: ["supervisor"], region: "")
            Issue.record("expected IDENTITY_SUPERVISION_REGION_REQUIRED")
        } catch let error as RPCError {
            #expect(error.message.contains("监管区域"))
            #expect(error.details["field"] == "supervisionRegion")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
