import Contracts
import Foundation
import Messaging
import RPCCore
import ServiceKit
import Testing

/// Measurement standards and equipment (计量标准器具与配套设备) through the devices service's RPCs on the real broker
/// and database.
@Suite("Devices: measurement standards", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct StandardsTests {
    /// The RPCs with the administrator's token (or another), and dates relative to today in China Standard Time.
    struct Standards {
        let fx: IdentityFixtures
        var token: String

        init(_ fx: IdentityFixtures, token: String? = nil) {
            self.fx = fx
            self.token = token ?? fx.adminToken
        }

        var options: CallOptions { .init(accessToken: token) }

        /// A code unique to this run: the database lives as long as the test run.
        static func code(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).uppercased())" }

        static func day(_ offset: Int) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = CalendarDay.zone
            return CalendarDay(date: calendar.date(byAdding: .day, value: offset, to: Date())!).description
        }

        static func certificate(
            _ number: String = "JJ-\(UUID().uuidString.prefix(6))", issued: Int = -100, validUntil: Int = 265
        )
            -> Metrology_Devices_V1_CalibrationCertificate
        {
            var certificate = Metrology_Devices_V1_CalibrationCertificate()
            certificate.number = number
            certificate.issuer = "省计量科学研究院"
            certificate.issuedOn = day(issued)
            certificate.validUntil = day(validUntil)
            return certificate
        }

        static func request(
            _ code: String, name: String = "活塞式压力计", certificate: Metrology_Devices_V1_CalibrationCertificate? = Standards.certificate()
        ) -> Metrology_Devices_V1_CreateStandardRequest {
            var request = Metrology_Devices_V1_CreateStandardRequest()
            request.code = code
            request.name = name
            request.model = "YS-60"
            request.serialNumber = "SN-\(UUID().uuidString.prefix(6))"
            request.measuringRange = "(0.1～6) MPa"
            request.accuracy = "0.02 级"
            request.kind = "standard"
            if let certificate { request.certificate = certificate }
            return request
        }

        func create(_ request: Metrology_Devices_V1_CreateStandardRequest, messageID: String? = nil) async throws -> Metrology_Devices_V1_Standard {
            try await fx.client.call(DevicesMethods.createStandard, request, options: .init(messageID: messageID, accessToken: token))
        }

        func create(
            _ prefix: String, certificate: Metrology_Devices_V1_CalibrationCertificate? = Standards.certificate()
        ) async throws
            -> Metrology_Devices_V1_Standard
        {
            try await create(Self.request(Self.code(prefix), certificate: certificate))
        }

        func get(_ id: String) async throws -> Metrology_Devices_V1_Standard {
            var request = Metrology_Devices_V1_GetStandardRequest()
            request.standardID = id
            return try await fx.client.call(DevicesMethods.getStandard, request, options: options)
        }

        func list(query: String = "", status: String = "", expiringWithin: Int32 = 0) async throws -> Metrology_Devices_V1_ListStandardsResponse {
            var request = Metrology_Devices_V1_ListStandardsRequest()
            request.query = query
            request.status = status
            request.expiringWithinDays = expiringWithin
            return try await fx.client.call(DevicesMethods.listStandards, request, options: options)
        }

        @discardableResult
        func setStatus(_ id: String, _ status: String, reason: String = "") async throws -> Metrology_Devices_V1_Standard {
            var request = Metrology_Devices_V1_SetStandardStatusRequest()
            request.standardID = id
            request.status = status
            request.reason = reason
            return try await fx.client.call(DevicesMethods.setStandardStatus, request, options: options)
        }

        @discardableResult
        func check(_ id: String, _ result: String, on day: Int = 0, note: String = "") async throws -> Metrology_Devices_V1_Standard {
            var request = Metrology_Devices_V1_AddIntermediateCheckRequest()
            request.standardID = id
            request.checkedOn = Self.day(day)
            request.result = result
            request.note = note
            return try await fx.client.call(DevicesMethods.addIntermediateCheck, request, options: options)
        }

        @discardableResult
        func calibrate(_ id: String, _ certificate: Metrology_Devices_V1_CalibrationCertificate) async throws -> Metrology_Devices_V1_Standard {
            var request = Metrology_Devices_V1_RecordCalibrationRequest()
            request.standardID = id
            request.certificate = certificate
            return try await fx.client.call(DevicesMethods.recordCalibration, request, options: options)
        }

        @discardableResult
        func setFactors(
            _ id: String, _ factors: [(String, String, String)], reason: String = "新证书给出修正值"
        ) async throws
            -> Metrology_Devices_V1_Standard
        {
            var request = Metrology_Devices_V1_SetCorrectionFactorsRequest()
            request.standardID = id
            request.factors = factors.map { point, value, unit in
                var factor = Metrology_Devices_V1_CorrectionFactor()
                factor.point = point
                factor.value = value
                factor.unit = unit
                return factor
            }
            request.reason = reason
            return try await fx.client.call(DevicesMethods.setCorrectionFactors, request, options: options)
        }

        func usable(_ ids: [String], on day: String = "") async throws -> Metrology_Devices_V1_CheckStandardsUsableResponse {
            var request = Metrology_Devices_V1_CheckStandardsUsableRequest()
            request.standardIds = ids
            request.onDate = day
            return try await fx.client.call(DevicesMethods.checkStandardsUsable, request, options: options)
        }
    }

    @Test("create and read a standard: every field comes back, and the list finds it by code, name, model or serial")
    func createAndGet() async throws {
        let fx = try await IdentityFixtures.make("standards-create")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let request = Standards.request(Standards.code("BZ"))
        let created = try await api.create(request)
        #expect(!created.id.isEmpty)
        #expect(created.code == request.code)
        #expect(created.status == "in_use")
        #expect(created.kind == "standard")
        #expect(created.certificate == request.certificate)
        #expect(!created.expired && !created.expiringSoon)
        #expect(created.correctionVersion == 0 && created.correctionFactors.isEmpty)

        let read = try await api.get(created.id)
        #expect(read.code == request.code)
        #expect(read.name == request.name)
        #expect(read.model == request.model)
        #expect(read.serialNumber == request.serialNumber)
        #expect(read.measuringRange == request.measuringRange)
        #expect(read.accuracy == request.accuracy)
        #expect(read.certificate == request.certificate)

        for text in [request.code.lowercased(), request.serialNumber] {
            let found = try await api.list(query: text)
            #expect(found.total == 1)
            #expect(found.standards.first?.id == created.id)
        }
        // Equipment without a certificate is fine at creation.
        var equipment = Standards.request(Standards.code("PT"), name: "恒温槽", certificate: nil)
        equipment.kind = "equipment"
        let plain = try await api.create(equipment)
        #expect(plain.kind == "equipment")
        #expect(!plain.hasCertificate)

        var update = Metrology_Devices_V1_UpdateStandardRequest()
        update.standardID = plain.id
        update.model = "HT-300"
        let updated = try await fx.client.call(DevicesMethods.updateStandard, update, options: api.options)
        #expect(updated.model == "HT-300")
        #expect(updated.name == "恒温槽")

        let missing = try await expectRPCError(.notFound) { _ = try await api.get(UUID().uuidString) }
        #expect(missing.reason == "STANDARD_NOT_FOUND")
    }

    @Test("the code (管理编号) is unique, regardless of letter case")
    func duplicateCode() async throws {
        let fx = try await IdentityFixtures.make("standards-duplicate")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let code = Standards.code("dup")
        _ = try await api.create(Standards.request(code))
        let taken = try await expectRPCError(.alreadyExists) { _ = try await api.create(Standards.request(code.uppercased())) }
        #expect(taken.reason == "STANDARD_CODE_TAKEN")
        #expect(taken.details["field"] == "code")
        #expect(taken.message.contains("管理编号"))
    }

    @Test("bad input names the field with a stable code and a Chinese message")
    func validation() async throws {
        let fx = try await IdentityFixtures.make("standards-validation")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        func create(_ change: (inout Metrology_Devices_V1_CreateStandardRequest) -> Void) async throws -> RPCError {
            var request = Standards.request(Standards.code("v"))
            change(&request)
            return try await expectRPCError(.invalidArgument) { _ = try await api.create(request) }
        }
        let noName = try await create { $0.name = "  " }
        #expect(noName.reason == "STANDARD_FIELD_REQUIRED")
        #expect(noName.details["field"] == "name")
        #expect(noName.message == "请填写名称")
        #expect(try await create { $0.code = "" }.details["field"] == "code")
        #expect(try await create { $0.code = "BZ 001" }.reason == "STANDARD_CODE_INVALID")
        #expect(try await create { $0.kind = "gadget" }.reason == "STANDARD_KIND_INVALID")

        let partial = try await create { $0.certificate.issuer = "" }
        #expect(partial.reason == "STANDARD_FIELD_REQUIRED")
        #expect(partial.details["field"] == "certificate.issuer")
        let backwards = try await create { $0.certificate = Standards.certificate(issued: -10, validUntil: -20) }
        #expect(backwards.reason == "STANDARD_CERTIFICATE_DATES")
        #expect(backwards.details["field"] == "certificate.validUntil")
        let future = try await create { $0.certificate = Standards.certificate(issued: 3, validUntil: 300) }
        #expect(future.reason == "STANDARD_DATE_IN_FUTURE")
        #expect(future.details["field"] == "certificate.issuedOn")
        let malformed = try await create { $0.certificate.validUntil = "2025-02-30" }
        #expect(malformed.reason == "STANDARD_DATE_INVALID")
        #expect(malformed.message.contains("YYYY-MM-DD"))

        let standard = try await api.create("v")
        for (factors, field, reason) in [
            ([("50 L/min", "1,0020", "")], "factors[0].value", "STANDARD_FACTOR_VALUE_INVALID"),
            ([("50 L/min", "1.", "")], "factors[0].value", "STANDARD_FACTOR_VALUE_INVALID"),
            ([("50 L/min", "1e-3", "")], "factors[0].value", "STANDARD_FACTOR_VALUE_INVALID"),
            ([("50 L/min", "1.0", ""), ("", "1.0", "")], "factors[1].point", "STANDARD_FIELD_REQUIRED"),
            ([("50 L/min", "1.0", String(repeating: "u", count: 21))], "factors[0].unit", "STANDARD_FIELD_TOO_LONG"),
            ([("50 L/min", "1.0", ""), ("50 L/min", "1.1", "")], "factors[1].point", "STANDARD_FACTOR_POINT_DUPLICATE"),
        ] {
            let error = try await expectRPCError(.invalidArgument) { try await api.setFactors(standard.id, factors) }
            #expect(error.reason == reason)
            #expect(error.details["field"] == field)
        }
        let noReason = try await expectRPCError(.invalidArgument) { try await api.setFactors(standard.id, [("50 L/min", "1.0", "")], reason: "") }
        #expect(noReason.details["field"] == "reason")

        let badResult = try await expectRPCError(.invalidArgument) { try await api.check(standard.id, "maybe") }
        #expect(badResult.reason == "STANDARD_CHECK_RESULT_INVALID")
        let futureCheck = try await expectRPCError(.invalidArgument) { try await api.check(standard.id, "pass", on: 2) }
        #expect(futureCheck.details["field"] == "checkedOn")
        let badID = try await expectRPCError(.invalidArgument) { _ = try await api.get("not-a-uuid") }
        #expect(badID.reason == "STANDARD_ID_INVALID")
    }

    @Test("status: anything but in_use needs a reason, and retired is final")
    func statusRules() async throws {
        let fx = try await IdentityFixtures.make("standards-status")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let standard = try await api.create("st")
        let noReason = try await expectRPCError(.invalidArgument) { try await api.setStatus(standard.id, "stopped") }
        #expect(noReason.reason == "STANDARD_FIELD_REQUIRED")
        #expect(noReason.details["field"] == "reason")
        let unknown = try await expectRPCError(.invalidArgument) { try await api.setStatus(standard.id, "broken", reason: "x") }
        #expect(unknown.reason == "STANDARD_STATUS_INVALID")

        let stopped = try await api.setStatus(standard.id, "stopped", reason: "送检")
        #expect(stopped.status == "stopped")
        #expect(stopped.statusReason == "送检")
        #expect(try await api.usable([standard.id]).results.first?.reason == "STANDARD_STOPPED")
        #expect(try await api.setStatus(standard.id, "in_use").status == "in_use")

        let retired = try await api.setStatus(standard.id, "retired", reason: "超过使用年限")
        #expect(retired.status == "retired")
        let final = try await expectRPCError(.failedPrecondition) { try await api.setStatus(standard.id, "in_use") }
        #expect(final.reason == "STANDARD_RETIRED")
        var update = Metrology_Devices_V1_UpdateStandardRequest()
        update.standardID = standard.id
        update.name = "改名"
        let frozen = try await expectRPCError(.failedPrecondition) {
            _ = try await fx.client.call(DevicesMethods.updateStandard, update, options: api.options)
        }
        #expect(frozen.reason == "STANDARD_RETIRED")
        let check = try await api.usable([standard.id])
        #expect(check.results.first?.reason == "STANDARD_RETIRED")
        #expect(check.results.first?.message.contains("报废") == true)
        #expect(!check.allUsable)
    }

    @Test("a failed intermediate check quarantines the standard until a later passing check; it cannot be used meanwhile")
    func failedCheckQuarantines() async throws {
        let fx = try await IdentityFixtures.make("standards-check")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let standard = try await api.create("qc")
        let passed = try await api.check(standard.id, "pass", on: -30, note: "核查标准示值稳定")
        #expect(passed.status == "in_use")
        let failed = try await api.check(standard.id, "fail", note: "示值超差")
        #expect(failed.status == "quarantined")
        #expect(failed.statusReason.contains("期间核查不合格"))
        #expect(failed.checks.map(\.result) == ["fail", "pass"])
        #expect(failed.checks.first?.checkedByName.isEmpty == false)

        let answer = try await api.usable([standard.id])
        #expect(!answer.allUsable)
        #expect(answer.results.first?.reason == "STANDARD_QUARANTINED")
        #expect(answer.results.first?.message.isEmpty == false)

        let blocked = try await expectRPCError(.failedPrecondition) { try await api.setStatus(standard.id, "in_use") }
        #expect(blocked.reason == "STANDARD_QUARANTINE_NOT_CLEARED")
        // Not by way of stopped either.
        try await api.setStatus(standard.id, "stopped", reason: "等待维修")
        let stillBlocked = try await expectRPCError(.failedPrecondition) { try await api.setStatus(standard.id, "in_use") }
        #expect(stillBlocked.reason == "STANDARD_QUARANTINE_NOT_CLEARED")

        try await api.check(standard.id, "pass", note: "维修后核查合格")
        let back = try await api.setStatus(standard.id, "in_use", reason: "核查合格，恢复使用")
        #expect(back.status == "in_use")
        #expect(try await api.usable([standard.id]).allUsable)
    }

    @Test("expired and expiring certificates: the usability check refuses the expired, and the expiring list shows both")
    func expiry() async throws {
        let fx = try await IdentityFixtures.make("standards-expiry")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let tag = Standards.code("EXP")
        func create(_ suffix: String, _ certificate: Metrology_Devices_V1_CalibrationCertificate?) async throws -> Metrology_Devices_V1_Standard {
            try await api.create(Standards.request("\(tag)-\(suffix)", certificate: certificate))
        }
        let expired = try await create("a", Standards.certificate(issued: -400, validUntil: -10))
        let soon = try await create("b", Standards.certificate(issued: -300, validUntil: 10))
        let later = try await create("c", Standards.certificate(issued: -100, validUntil: 200))
        let none = try await create("d", nil)
        #expect(expired.expired && !expired.expiringSoon)
        #expect(soon.expiringSoon && !soon.expired)
        #expect(!later.expiringSoon && !later.expired)

        let expiring = try await api.list(query: tag, expiringWithin: 30)
        #expect(expiring.standards.map(\.id) == [expired.id, soon.id])
        #expect(expiring.total == 2)
        #expect(try await api.list(query: tag).standards.map(\.id) == [expired.id, soon.id, later.id, none.id])

        let answer = try await api.usable([expired.id, soon.id, none.id, UUID().uuidString, "nonsense"])
        #expect(answer.results.map(\.reason) == ["STANDARD_EXPIRED", "", "STANDARD_NO_CERTIFICATE", "STANDARD_NOT_FOUND", "STANDARD_NOT_FOUND"])
        #expect(answer.results.map(\.usable) == [false, true, false, false, false])
        #expect(answer.results[0].message.contains("到期"))
        #expect(answer.results[4].standardID == "nonsense")
        #expect(!answer.allUsable)
        // On a day before it expired it was usable.
        #expect(try await api.usable([expired.id], on: Standards.day(-20)).allUsable)
        #expect(try await api.usable([soon.id], on: Standards.day(11)).results.first?.reason == "STANDARD_EXPIRED")

        // A new certificate replaces the expired one.
        let renewed = try await api.calibrate(expired.id, Standards.certificate(issued: -1, validUntil: 364))
        #expect(!renewed.expired)
        #expect(try await api.usable([expired.id]).allUsable)
        let older = try await expectRPCError(.invalidArgument) {
            try await api.calibrate(expired.id, Standards.certificate(issued: -50, validUntil: 300))
        }
        #expect(older.reason == "STANDARD_CERTIFICATE_OLDER")
    }

    @Test("correction factors: every set is a new version, kept exactly as entered")
    func correctionFactors() async throws {
        let fx = try await IdentityFixtures.make("standards-factors")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let standard = try await api.create("cf")
        let first = try await api.setFactors(standard.id, [("50 L/min", "1.0010", ""), ("100 L/min", "-0.50", "L/min")], reason: "2024 年校准证书")
        #expect(first.correctionVersion == 1)
        let second = try await api.setFactors(standard.id, [("50 L/min", "1.0020", ""), ("100 L/min", "+0.000", "L/min")], reason: "2025 年校准证书")
        #expect(second.correctionVersion == 2)

        let read = try await api.get(standard.id)
        #expect(read.correctionVersion == 2)
        #expect(read.correctionFactors.map(\.value) == ["1.0020", "+0.000"])
        #expect(read.correctionFactors.map(\.point) == ["50 L/min", "100 L/min"])
        #expect(read.correctionFactors.map(\.unit) == ["", "L/min"])

        var request = Metrology_Devices_V1_ListCorrectionFactorVersionsRequest()
        request.standardID = standard.id
        let versions = try await fx.client.call(DevicesMethods.listCorrectionFactorVersions, request, options: api.options).versions
        #expect(versions.map(\.version) == [2, 1])
        #expect(versions.map(\.reason) == ["2025 年校准证书", "2024 年校准证书"])
        #expect(versions.last?.factors.map(\.value) == ["1.0010", "-0.50"])
        #expect(versions.allSatisfy { !$0.changedBy.isEmpty && $0.hasChangedAt })
    }

    @Test("a supervisor lists and reads standards but cannot change them")
    func supervisorReadsOnly() async throws {
        let fx = try await IdentityFixtures.make("standards-supervisor")
        defer { Task { await fx.close() } }
        let admin = Standards(fx)
        let standard = try await admin.create("sv")
        let supervisor = try await fx.createUser("super", roles: ["supervisor"])
        let api = Standards(fx, token: try await fx.login(supervisor.username).accessToken)
        #expect(try await api.list(query: standard.code).total == 1)
        #expect(try await api.get(standard.id).code == standard.code)
        let denied = try await expectRPCError(.permissionDenied) { _ = try await api.create("sneaky") }
        #expect(denied.details["permission"] == "devices.manage")
        _ = try await expectRPCError(.permissionDenied) { try await api.setStatus(standard.id, "retired", reason: "x") }
        _ = try await expectRPCError(.permissionDenied) { try await api.setFactors(standard.id, [("1", "1", "")]) }
        #expect(try await admin.get(standard.id).status == "in_use")
    }

    @Test("every change is in the devices audit trail, which stays intact")
    func audited() async throws {
        let fx = try await IdentityFixtures.make("standards-audit")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let standard = try await api.create("au")
        try await api.setStatus(standard.id, "stopped", reason: "送检")
        try await api.check(standard.id, "fail", note: "超差")
        try await api.setFactors(standard.id, [("10 ℃", "0.01", "℃")])
        try await api.calibrate(standard.id, Standards.certificate(issued: 0, validUntil: 365))

        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = standard.id
        let entries = try await fx.client.call(AuditMethods.list("devices"), audit, options: .init(accessToken: fx.adminToken)).entries
        let actions = Set(entries.map(\.action))
        for action in [
            "standard.created", "standard.status_changed", "standard.check_added", "standard.quarantined", "standard.corrections_changed",
            "standard.calibration_recorded",
        ] {
            #expect(actions.contains(action), "missing \(action)")
        }
        #expect(entries.allSatisfy { $0.entityType == "standard" && !$0.actorID.isEmpty && !$0.summary.isEmpty })
        let verified = try await fx.client.call(AuditMethods.verify("devices"), .init(), options: .init(accessToken: fx.adminToken))
        #expect(verified.intact)
    }

    @Test("a retried create with the same message id creates one standard")
    func idempotentCreate() async throws {
        let fx = try await IdentityFixtures.make("standards-idempotent")
        defer { Task { await fx.close() } }
        let api = Standards(fx)
        let request = Standards.request(Standards.code("once"))
        let key = UUID().uuidString
        let first = try await api.create(request, messageID: key)
        let second = try await api.create(request, messageID: key)
        #expect(first.id == second.id)
        #expect(try await api.list(query: request.code).total == 1)
        var audit = Metrology_Common_V1_ListAuditRequest()
        audit.entityID = first.id
        let entries = try await fx.client.call(AuditMethods.list("devices"), audit, options: .init(accessToken: fx.adminToken)).entries
        #expect(entries.filter { $0.action == "standard.created" }.count == 1)
    }
}
