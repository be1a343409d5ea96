/// The RPCs of metrology.identity.v1.IdentityService.
public enum IdentityMethods {
    static let prefix = "/metrology.identity.v1.IdentityService/"

    public static let login = RPCMethod<Metrology_Identity_V1_LoginRequest, Metrology_Identity_V1_LoginResponse>(
        service: "identity", fullName: prefix + "Login")
    public static let refresh = RPCMethod<Metrology_Identity_V1_RefreshRequest, Metrology_Identity_V1_LoginResponse>(
        service: "identity", fullName: prefix + "Refresh")
    public static let logout = RPCMethod<Metrology_Identity_V1_LogoutRequest, Metrology_Identity_V1_LogoutResponse>(
        service: "identity", fullName: prefix + "Logout")
    public static let getMe = RPCMethod<Metrology_Identity_V1_GetMeRequest, Metrology_Identity_V1_GetMeResponse>(
        service: "identity", fullName: prefix + "GetMe")
    public static let getSigningKeys = RPCMethod<Metrology_Identity_V1_GetSigningKeysRequest, Metrology_Identity_V1_GetSigningKeysResponse>(
        service: "identity", fullName: prefix + "GetSigningKeys")
}
