import Auth
import Foundation
import Messaging
import RPCCore
import Testing

@testable import IdentityService

/// The rules of `SeparationOfDuties` without a database (issue 14 §11).
@Suite struct SeparationOfDutiesTests {
    static func principal(id: String = "u-1", roles: [String], perms: [String]) -> Principal {
        Principal(claims: AccessTokenClaims(sub: id, usr: "p", name: "P", roles: roles, perms: perms, sid: "s", iat: 0, exp: 1), token: "t")
    }

    static func role(_ code: String, _ permissions: [String]) -> RoleRecord {
        RoleRecord(code: code, name: code, builtin: true, disabled: false, description: "", permissions: permissions)
    }

    let peopleManager = Principal(
        claims: AccessTokenClaims(sub: "m", usr: "m", name: "M", roles: ["people"], perms: ["users.manage"], sid: "s", iat: 0, exp: 1), token: "t")
    let admin = Self.role("system_admin", ["users.manage", "roles.manage", "audit.read"])
    let metrologist = Self.role("metrologist", ["records.query", "records.enter"])
    let supervisor = Self.role("supervisor", ["records.query", "audit.read"])

    @Test("guarded permissions one lacks cannot be handed out; work roles can")
    func grants() {
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([admin], previous: [], target: nil, by: peopleManager) } == "IDENTITY_GRANT_EXCEEDS_OWN")
        #expect(refusal { try SeparationOfDuties.checkAssignment([metrologist], previous: [], target: "x", by: peopleManager) } == nil)
        // Keeping a role someone already has is not granting it.
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([admin, metrologist], previous: ["system_admin"], target: "x", by: peopleManager) }
                == nil
        )
    }

    @Test("nobody changes their own roles")
    func ownRoles() {
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([metrologist], previous: [], target: "m", by: peopleManager) }
                == "IDENTITY_SELF_ROLE_CHANGE")
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([], previous: ["people"], target: "m", by: peopleManager) }
                == "IDENTITY_SELF_ROLE_CHANGE"
        )
    }

    @Test("supervision does not combine with a role that writes, and does with read-only ones")
    func supervision() {
        let caller = Self.principal(roles: ["system_admin"], perms: ["users.manage", "roles.manage", "audit.read"])
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([supervisor, admin], previous: [], target: "x", by: caller) } == "IDENTITY_ROLE_CONFLICT"
        )
        #expect(
            refusal { try SeparationOfDuties.checkAssignment([supervisor, metrologist], previous: [], target: "x", by: caller) }
                == "IDENTITY_ROLE_CONFLICT")
        #expect(
            refusal {
                try SeparationOfDuties.checkAssignment(
                    [supervisor, Self.role("senior_admin", ["reports.query"])], previous: [], target: "x", by: caller)
            } == nil)
    }

    @Test("roles.manage adds nothing to a role its holder holds, and no guarded permission they lack")
    func roleGrants() {
        let manager = Self.principal(roles: ["rolemgr"], perms: ["roles.manage"])
        #expect(refusal { try SeparationOfDuties.checkRoleGrant("rolemgr", adding: ["records.query"], by: manager) } == "IDENTITY_ROLE_SELF_GRANT")
        #expect(refusal { try SeparationOfDuties.checkRoleGrant("other", adding: ["users.manage"], by: manager) } == "IDENTITY_GRANT_EXCEEDS_OWN")
        #expect(refusal { try SeparationOfDuties.checkRoleGrant("other", adding: ["records.enter"], by: manager) } == nil)
    }
}

/// Calls identity makes on a caller's behalf reuse one derived id per retry of the caller's call.
@Suite struct DeviceGateTests {
    @Test("the derived message id is a UUID, the same for the same caller id and step, different otherwise")
    func derivedIDs() {
        let id = DeviceGate.derivedMessageID("5b0c2b9e-0000-4000-8000-000000000001", step: "checkin")
        #expect(UUID(uuidString: id) != nil)
        #expect(id == DeviceGate.derivedMessageID("5b0c2b9e-0000-4000-8000-000000000001", step: "checkin"))
        #expect(id != DeviceGate.derivedMessageID("5b0c2b9e-0000-4000-8000-000000000002", step: "checkin"))
        #expect(id != DeviceGate.derivedMessageID("5b0c2b9e-0000-4000-8000-000000000001", step: "device-key"))
    }

    @Test("the timeout is what is left of the caller's deadline, at most 5 s")
    func timeouts() {
        let now = Date()
        #expect(DeviceGate.timeout(before: nil, now: now) == .seconds(5))
        #expect(DeviceGate.timeout(before: now.addingTimeInterval(2), now: now) == .milliseconds(2000))
        #expect(DeviceGate.timeout(before: now.addingTimeInterval(60), now: now) == .seconds(5))
        #expect(DeviceGate.timeout(before: now.addingTimeInterval(-1), now: now) == .milliseconds(50))
    }
}
