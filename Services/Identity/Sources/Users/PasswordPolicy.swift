import Messaging
import RPCCore

/// Password rules (GB/T 22239 level 2 asks for complexity): 8–64 characters, at least three of upper case, lower
/// case, digits and symbols, and not containing the account name.
enum PasswordPolicy {
    static func check(_ password: String, username: String) throws {
        guard (8...64).contains(password.count) else {
            throw RPCError.invalidArgument("密码长度必须为 8 到 64 个字符", reason: "IDENTITY_PASSWORD_LENGTH", details: ["field": "password"])
        }
        let classes = [
            password.contains { $0.isUppercase }, password.contains { $0.isLowercase }, password.contains { $0.isNumber },
            password.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        guard classes >= 3 else {
            throw RPCError.invalidArgument(
                "密码必须至少包含大写字母、小写字母、数字、符号中的三类", reason: "IDENTITY_PASSWORD_TOO_SIMPLE", details: ["field": "password"])
        }
        guard username.isEmpty || !password.lowercased().contains(username.lowercased()) else {
            throw RPCError.invalidArgument("密码不能包含账号名", reason: "IDENTITY_PASSWORD_CONTAINS_USERNAME", details: ["field": "password"])
        }
    }
}
