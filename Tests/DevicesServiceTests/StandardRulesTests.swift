import Contracts
import Foundation
import Messaging
import RPCCore
import ServiceKit
import Testing

@testable import DevicesService

@Suite("Standards: validation and rules")
struct StandardRulesTests {
    let today = CalendarDay("2025-06-15")!

    func certificate(_ issued: String, _ validUntil: String, number: String = "JJ-1") -> Metrology_Devices_V1_CalibrationCertificate {
        var message = Metrology_Devices_V1_CalibrationCertificate()
        message.number = number
        message.issuer = "省计量院"
        message.issuedOn = issued
        message.validUntil = validUntil
        return message
    }

    func invalid(_ body: () throws -> Void) -> RPCError? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return nil
        }
    }

    @Test("decimal text: optional sign, digits, optional fraction; nothing else")
    func decimals() {
        for good in ["0", "1.0020", "-0.5", "+12", "007.100", "123456789012345678901234567890"] {
            #expect(StandardValidation.isDecimal(good), "\(good)")
        }
        for bad in ["", "+", "-", ".5", "1.", "1,5", "1e-3", "1.2.3", "١٢", "１", " 1", "0x10", "NaN", "--1"] {
            #expect(!StandardValidation.isDecimal(bad), "\(bad)")
        }
    }

    @Test("factors keep the value text exactly, name the field of a bad one, refuse duplicate points")
    func factors() throws {
        var factor = Metrology_Devices_V1_CorrectionFactor()
        factor.point = " 50 L/min "
        factor.value = "1.0020"
        factor.unit = "L/min"
        let parsed = try StandardValidation.factors([factor])
        #expect(parsed == [StandardCorrectionFactor(point: "50 L/min", value: "1.0020", unit: "L/min")])

        var bad = factor
        bad.value = "1.2.3"
        let error = invalid { _ = try StandardValidation.factors([factor, bad]) }
        #expect(error?.reason == "STANDARD_FACTOR_VALUE_INVALID")
        #expect(error?.details["field"] == "factors[1].value")
        #expect(error?.code == .invalidArgument)

        let duplicate = invalid { _ = try StandardValidation.factors([factor, factor]) }
        #expect(duplicate?.reason == "STANDARD_FACTOR_POINT_DUPLICATE")

        var longUnit = factor
        longUnit.unit = String(repeating: "m", count: 21)
        #expect(invalid { _ = try StandardValidation.factors([longUnit]) }?.details["field"] == "factors[0].unit")
        #expect(try StandardValidation.factors([]).isEmpty)
    }

    @Test("a certificate has all four fields, was not issued in the future, and is valid until no earlier than issued")
    func certificates() throws {
        let good = try StandardValidation.certificate(certificate("2025-01-10", "2026-01-09"), today: today)
        #expect(good.issuedOn.description == "2025-01-10")
        #expect(try StandardValidation.certificate(certificate("2025-06-15", "2025-06-15"), today: today).validUntil == today)

        var missing = certificate("2025-01-10", "2026-01-09")
        missing.number = ""
        #expect(invalid { _ = try StandardValidation.certificate(missing, today: today) }?.details["field"] == "certificate.number")
        let backwards = invalid { _ = try StandardValidation.certificate(certificate("2025-01-10", "2025-01-09"), today: today) }
        #expect(backwards?.reason == "STANDARD_CERTIFICATE_DATES")
        let future = invalid { _ = try StandardValidation.certificate(certificate("2025-06-16", "2026-01-09"), today: today) }
        #expect(future?.reason == "STANDARD_DATE_IN_FUTURE")
        #expect(future?.details["field"] == "certificate.issuedOn")
        let malformed = invalid { _ = try StandardValidation.certificate(certificate("2025-1-10", "2026-01-09"), today: today) }
        #expect(malformed?.reason == "STANDARD_DATE_INVALID")
        #expect(StandardValidation.isBlank(Metrology_Devices_V1_CalibrationCertificate()))
    }

    @Test("expiring soon: within 30 days and not yet expired; expired: valid until before today")
    func expiry() {
        func state(_ validUntil: String) -> (expired: Bool, expiringSoon: Bool) {
            StandardCertificate(number: "n", issuer: "i", issuedOn: CalendarDay("2020-01-01")!, validUntil: CalendarDay(validUntil)!).state(on: today)
        }
        #expect(state("2025-06-14") == (true, false))
        #expect(state("2025-06-15") == (false, true))
        #expect(state("2025-07-15") == (false, true))
        #expect(state("2025-07-16") == (false, false))
    }

    @Test("day arithmetic crosses months, years and leap days")
    func days() {
        #expect(CalendarDay("2025-06-15")!.adding(days: 30).description == "2025-07-15")
        #expect(CalendarDay("2024-02-28")!.adding(days: 1).description == "2024-02-29")
        #expect(CalendarDay("2023-02-28")!.adding(days: 1).description == "2023-03-01")
        #expect(CalendarDay("2025-12-31")!.adding(days: 1).description == "2026-01-01")
        #expect(CalendarDay("2025-01-01")!.adding(days: -1).description == "2024-12-31")
        #expect(CalendarDay("1970-01-01")!.dayNumber == 0)
    }

    @Test("usability: retired, stopped, quarantined, no certificate, expired, in that order")
    func usability() {
        let valid = StandardCertificate(number: "JJ-9", issuer: "i", issuedOn: CalendarDay("2025-01-01")!, validUntil: CalendarDay("2025-06-15")!)
        func reason(_ status: String, _ certificate: StandardCertificate?, on day: String = "2025-06-15") -> String {
            StandardUsabilityRule.decide(code: "BZ-1", status: status, certificate: certificate, on: CalendarDay(day)!).reason
        }
        #expect(reason("retired", nil) == "STANDARD_RETIRED")
        #expect(reason("stopped", valid) == "STANDARD_STOPPED")
        #expect(reason("quarantined", valid) == "STANDARD_QUARANTINED")
        #expect(reason("in_use", nil) == "STANDARD_NO_CERTIFICATE")
        #expect(reason("in_use", valid, on: "2025-06-16") == "STANDARD_EXPIRED")
        #expect(reason("in_use", valid) == "")
        let decision = StandardUsabilityRule.decide(code: "BZ-1", status: "in_use", certificate: valid, on: CalendarDay("2025-07-01")!)
        #expect(!decision.usable)
        #expect(decision.message.contains("BZ-1") && decision.message.contains("2025-06-15"))
    }

    @Test("status and kind: known values only; reasons are required for anything but in_use")
    func statusAndKind() throws {
        #expect(try StandardValidation.kind("") == "standard")
        #expect(invalid { _ = try StandardValidation.kind("tool") }?.reason == "STANDARD_KIND_INVALID")
        #expect(invalid { _ = try StandardValidation.status("") }?.reason == "STANDARD_STATUS_INVALID")
        #expect(invalid { _ = try StandardValidation.reason(" ", required: true) }?.details["field"] == "reason")
        #expect(try StandardValidation.reason("", required: false) == "")
        #expect(invalid { _ = try StandardValidation.code("A B") }?.reason == "STANDARD_CODE_INVALID")
        #expect(invalid { _ = try StandardValidation.code(String(repeating: "A", count: 33)) }?.reason == "STANDARD_FIELD_TOO_LONG")
    }
}

/// The standards forms now answer a control character as every other form does (issue 15): it was
/// STANDARD_FIELD_INVALID here and TEXT_INVALID_CHARACTERS in identity and flows, and a line feed passed in a name.
@Suite("Standards: the shared field rule")
struct StandardFieldRuleTests {
    static func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func controlCharacterIsTextInvalidCharacters() {
        #expect(Self.reason { _ = try StandardValidation.text("PDA\u{1B}[2J", field: "model", title: "型号") } == "TEXT_INVALID_CHARACTERS")
        #expect(Self.reason { _ = try StandardValidation.text("名\n称", field: "name", title: "名称", required: true) } == "TEXT_INVALID_CHARACTERS")
        #expect(Self.reason { _ = try StandardValidation.code("A\u{7F}1") } == "TEXT_INVALID_CHARACTERS")
    }

    @Test func reasonsAndNotesKeepTheirLines() throws {
        #expect(try StandardValidation.reason("送检\n待返回", required: true) == "送检\n待返回")
        #expect(Self.reason { _ = try StandardValidation.reason("", required: true) } == "STANDARD_FIELD_REQUIRED")
    }
}
