import RPCCore
import Testing

@testable import RecordsService

/// Region codes (GB/T 2260 provinces) and phone shapes of the customer form.
@Suite("Customer form: region and phone")
struct CustomerFieldTests {
    @Test(
        "a region code of a real province gives its name",
        arguments: [("330106", "浙江省"), ("110105", "北京市"), ("650102", "新疆维吾尔自治区"), ("820000", "澳门特别行政区")])
    func provinces(_ code: String, _ name: String) throws {
        let region = try CustomerValidation.region(code)
        #expect(region.code == code)
        #expect(region.name == name)
        #expect(RegionCode.provinceName(code) == name)
    }

    @Test(
        "RECORDS_REGION_INVALID: not six digits, or no such province",
        arguments: ["33010", "3301066", "33O106", "160101", "000000", "990000", "720000"])
    func invalidRegion(_ code: String) {
        do {
            _ = try CustomerValidation.region(code)
            Issue.record("\(code) passed")
        } catch let error as RPCError {
            #expect(error.reason == "RECORDS_REGION_INVALID")
            #expect(error.details["field"] == "regionCode")
        } catch { Issue.record("\(error)") }
    }

    @Test("a list filters by province, city or county prefix")
    func regionFilter() throws {
        #expect(try CustomerValidation.regionFilter("33") == "33")
        #expect(try CustomerValidation.regionFilter("3301") == "3301")
        #expect(try CustomerValidation.regionFilter("") == "")
        #expect(throws: RPCError.self) { _ = try CustomerValidation.regionFilter("99") }
        #expect(throws: RPCError.self) { _ = try CustomerValidation.regionFilter("330") }
    }

    @Test(
        "phones of a plausible shape pass",
        arguments: [
            "13800138000", "+86 138 0013 8000", "0571-87654321", "(0571)87654321", "010-12345678", "87654321", "0571-87654321转808", "400-810-8888",
        ])
    func phones(_ phone: String) throws {
        #expect(try CustomerValidation.phone(phone) == phone)
    }

    @Test("RECORDS_PHONE_INVALID", arguments: ["12345", "1380013800", "23800138000", "0000-1234567", "abc", "0571-87654321转", "138001380001"])
    func badPhones(_ phone: String) {
        do {
            _ = try CustomerValidation.phone(phone)
            Issue.record("\(phone) passed")
        } catch let error as RPCError {
            #expect(error.reason == "RECORDS_PHONE_INVALID")
            #expect(error.details["field"] == "contactPhone")
        } catch { Issue.record("\(error)") }
    }

    @Test("a name is required and at most 100 characters")
    func name() {
        for (value, reason) in [("  ", "RECORDS_FIELD_REQUIRED"), (String(repeating: "测", count: 101), "RECORDS_FIELD_TOO_LONG")] {
            do {
                _ = try CustomerValidation.name(value)
                Issue.record("passed")
            } catch let error as RPCError {
                #expect(error.reason == reason)
                #expect(error.details["field"] == "name")
            } catch { Issue.record("\(error)") }
        }
    }
}
