import Messaging
import RPCCore
import Testing

@testable import IdentityService

@Suite struct PasswordPolicyTests {
    func reason(_ password: String, username: String = "zhang") -> String? {
        do {
            try PasswordPolicy.check(password, username: username)
            return nil
        } catch let error as RPCError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func rules() {
        #expect(reason("Abc!2345") == nil)
        #expect(reason("计量Lab2024") == nil)
        #expect(reason("Ab1!") == "IDENTITY_PASSWORD_LENGTH")
        #expect(reason(String(repeating: "Aa1!", count: 17)) == "IDENTITY_PASSWORD_LENGTH")
        #expect(reason("abcdefgh1") == "IDENTITY_PASSWORD_TOO_SIMPLE")
        #expect(reason("Zhang-2024x") == "IDENTITY_PASSWORD_CONTAINS_USERNAME")
    }
}
