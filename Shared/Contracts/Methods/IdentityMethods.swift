/// The RPCs of metrology.identity.v1.IdentityService.
public enum IdentityMethods {
    static let prefix = "/metrology.identity.v1.IdentityService/"

    public static let login = RPCMethod<Metrology_Identity_V1_LoginRequest, Metrology_Identity_V1_LoginResponse>(
        service: "identity", fullName: prefix + "Login")
    public static let loginChallenge = RPCMethod<Metrology_Identity_V1_LoginChallengeRequest, Metrology_Identity_V1_LoginChallengeResponse>(
        service: "identity", fullName: prefix + "LoginChallenge")
    public static let refresh = RPCMethod<Metrology_Identity_V1_RefreshRequest, Metrology_Identity_V1_LoginResponse>(
        service: "identity", fullName: prefix + "Refresh")
    public static let logout = RPCMethod<Metrology_Identity_V1_LogoutRequest, Metrology_Identity_V1_LogoutResponse>(
        service: "identity", fullName: prefix + "Logout")
    public static let getMe = RPCMethod<Metrology_Identity_V1_GetMeRequest, Metrology_Identity_V1_GetMeResponse>(
        service: "identity", fullName: prefix + "GetMe")
    public static let changePassword = RPCMethod<Metrology_Identity_V1_ChangePasswordRequest, Metrology_Identity_V1_ChangePasswordResponse>(
        service: "identity", fullName: prefix + "ChangePassword")
    public static let getSigningKeys = RPCMethod<Metrology_Identity_V1_GetSigningKeysRequest, Metrology_Identity_V1_GetSigningKeysResponse>(
        service: "identity", fullName: prefix + "GetSigningKeys")
    public static let listRevocations = RPCMethod<Metrology_Identity_V1_ListRevocationsRequest, Metrology_Identity_V1_ListRevocationsResponse>(
        service: "identity", fullName: prefix + "ListRevocations")
    public static let listUsers = RPCMethod<Metrology_Identity_V1_ListUsersRequest, Metrology_Identity_V1_ListUsersResponse>(
        service: "identity", fullName: prefix + "ListUsers")
    public static let getUser = RPCMethod<Metrology_Identity_V1_GetUserRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "GetUser")
    public static let createUser = RPCMethod<Metrology_Identity_V1_CreateUserRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "CreateUser")
    public static let updateUser = RPCMethod<Metrology_Identity_V1_UpdateUserRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "UpdateUser")
    public static let disableUser = RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "DisableUser")
    public static let enableUser = RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "EnableUser")
    public static let deleteUser = RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "DeleteUser")
    public static let unlockUser = RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "UnlockUser")
    public static let revealIdNumber = RPCMethod<Metrology_Identity_V1_UserActionRequest, Metrology_Identity_V1_RevealIdNumberResponse>(
        service: "identity", fullName: prefix + "RevealIdNumber")
    public static let addQualification = RPCMethod<Metrology_Identity_V1_AddQualificationRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "AddQualification")
    public static let removeQualification = RPCMethod<Metrology_Identity_V1_RemoveQualificationRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "RemoveQualification")
    public static let setApprovedItems = RPCMethod<Metrology_Identity_V1_SetApprovedItemsRequest, Metrology_Identity_V1_UserResponse>(
        service: "identity", fullName: prefix + "SetApprovedItems")
    public static let checkQualification = RPCMethod<
        Metrology_Identity_V1_CheckQualificationRequest, Metrology_Identity_V1_CheckQualificationResponse
    >(
        service: "identity", fullName: prefix + "CheckQualification")
    public static let listRoles = RPCMethod<Metrology_Identity_V1_ListRolesRequest, Metrology_Identity_V1_ListRolesResponse>(
        service: "identity", fullName: prefix + "ListRoles")
    public static let createRole = RPCMethod<Metrology_Identity_V1_CreateRoleRequest, Metrology_Identity_V1_Role>(
        service: "identity", fullName: prefix + "CreateRole")
    public static let updateRole = RPCMethod<Metrology_Identity_V1_UpdateRoleRequest, Metrology_Identity_V1_Role>(
        service: "identity", fullName: prefix + "UpdateRole")
    public static let listPermissions = RPCMethod<Metrology_Identity_V1_ListPermissionsRequest, Metrology_Identity_V1_ListPermissionsResponse>(
        service: "identity", fullName: prefix + "ListPermissions")
    public static let createSignatureChallenge = RPCMethod<
        Metrology_Identity_V1_CreateSignatureChallengeRequest, Metrology_Identity_V1_SignatureChallenge
    >(
        service: "identity", fullName: prefix + "CreateSignatureChallenge")
    public static let completeSignature = RPCMethod<Metrology_Identity_V1_CompleteSignatureRequest, Metrology_Identity_V1_SignatureReceipt>(
        service: "identity", fullName: prefix + "CompleteSignature")
    public static let verifySignatureReceipt = RPCMethod<Metrology_Identity_V1_VerifySignatureReceiptRequest, Metrology_Identity_V1_SignatureReceipt>(
        service: "identity", fullName: prefix + "VerifySignatureReceipt")
    public static let getSignatureImage = RPCMethod<Metrology_Identity_V1_GetSignatureImageRequest, Metrology_Identity_V1_SignatureImage>(
        service: "identity", fullName: prefix + "GetSignatureImage")
    public static let createWebAuthnRegistration = RPCMethod<
        Metrology_Identity_V1_CreateWebAuthnRegistrationRequest, Metrology_Identity_V1_WebAuthnRegistrationOptions
    >(service: "identity", fullName: prefix + "CreateWebAuthnRegistration")
    public static let completeWebAuthnRegistration = RPCMethod<
        Metrology_Identity_V1_CompleteWebAuthnRegistrationRequest, Metrology_Identity_V1_WebAuthnCredential
    >(service: "identity", fullName: prefix + "CompleteWebAuthnRegistration")
    public static let listWebAuthnCredentials = RPCMethod<
        Metrology_Identity_V1_ListWebAuthnCredentialsRequest, Metrology_Identity_V1_ListWebAuthnCredentialsResponse
    >(service: "identity", fullName: prefix + "ListWebAuthnCredentials")
    public static let deleteWebAuthnCredential = RPCMethod<
        Metrology_Identity_V1_DeleteWebAuthnCredentialRequest, Metrology_Identity_V1_DeleteWebAuthnCredentialResponse
    >(service: "identity", fullName: prefix + "DeleteWebAuthnCredential")
}
