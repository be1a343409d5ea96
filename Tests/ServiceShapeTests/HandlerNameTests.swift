import Foundation
import Testing

/// The shape test's reading of a registration line: what it would report for a handler not named after its rpc.
@Suite("HandlerName reads the handler a registration passes")
struct HandlerNameTests {
    static func name(_ source: String, line: Int = 2) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handler-name-\(UUID().uuidString).swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try HandlerName.at(file: file.path, line: line)
    }

    @Test("a misnamed handler is read as it is written, so the shape test reports it")
    func misnamed() throws {
        #expect(try Self.name("\n        router.write(FlowsMethods.createItem, access: .permission(.setupManage), items.create)\n") == "create")
        #expect(try Self.name("\n        router.query(AuditMethods.list(service), access: .permission(.auditRead), list)\n") == "list")
    }

    @Test("labelled arguments, calls in the method argument, raw registrations and line breaks")
    func shapes() throws {
        #expect(
            try Self.name("\n    router.write(DevicesMethods.checkIn, access: .anonymous, checkIn.checkIn, afterFailure: checkIn.auditConflict)")
                == "checkIn")
        #expect(try Self.name("\n    router.register(IdentityMethods.login.fullName, sessions.login)") == "login")
        #expect(
            try Self.name(
                "\n    router.write(\n        EchoMethods.numberedBump, access: .authenticated,\n        prepare: calls.takeNumber, calls.numberedBump)"
            ) == "numberedBump")
        #expect(
            try Self.name("\n    router.query(HealthMethods.check(service), access: .anonymous) { _, _ in\n        Response()\n    }")
                == HandlerName.inlineClosure)
    }
}
