import Contracts

struct RoleRecord: Sendable {
    var code: String
    var name: String
    var builtin: Bool
    var disabled: Bool
    var description: String
    var permissions: [String]

    var message: Metrology_Identity_V1_Role {
        var role = Metrology_Identity_V1_Role()
        role.code = code
        role.name = name
        role.builtin = builtin
        role.disabled = disabled
        role.description_p = description
        role.permissions = permissions
        return role
    }
}
