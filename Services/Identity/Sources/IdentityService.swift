import Auth
import Contracts
import Foundation
import Logging
import Messaging
import Persistence
public import ServiceBootstrap
public import ServiceKit

/// The identity service: staff, roles and permissions, qualifications, sessions, the keys that sign access tokens
/// and signature receipts, and the signature ceremony.
public struct IdentityService: Sendable {
    public let runtime: ServiceRuntime
    public let settings: IdentitySettings
    let store: IdentityStore
    let keys: SigningKeyRing

    public init(settings: ServiceSettings, identity: IdentitySettings) {
        // Identity reads the public keys from its own database (a key another identity instance just created is
        // found there), not over RPC from itself.
        let source = DeferredKeySource()
        runtime = ServiceRuntime(settings: settings, verifier: TokenVerifier { try await source.keys() })
        self.settings = identity
        store = IdentityStore(client: runtime.database)
        keys = SigningKeyRing(store: store, dataKey: identity.dataKey, rotationAge: identity.signingKeyRotation)
        let keys = self.keys
        let logger = runtime.logger
        source.install { try await keys.publicKeys(logger: logger) }
    }

    public func run() async throws {
        let deviceConsumer = runtime.eventConsumer(subscriber: "devices", handlers: DeviceEvents(store: store).handlers)
        let bootstrap = AdministratorBootstrap(store: store, hasher: PasswordHasher(logN: settings.scryptLogN))
        let runtime = self.runtime
        let keys = self.keys
        let adminPassword = settings.adminPassword
        let adminPasswordOutput = AdministratorPasswordOutput.choose(file: settings.adminPasswordFile)
        try await runtime.run(
            migrations: try ServiceRuntime.migrations(in: .module),
            prepare: {
                // Identity verifies its own tokens with the keys it holds, without calling itself.
                await runtime.verifier.install(try await keys.refresh(logger: runtime.logger))
                try await bootstrap.ensureAdministrator(password: adminPassword, output: adminPasswordOutput, logger: runtime.logger)
                runtime.relay.nudge()
            },
            routes: routes,
            services: [KeyRotation(keys: keys, verifier: runtime.verifier, logger: runtime.logger), deviceConsumer])
    }

    /// The RPC table: every rpc of identity.proto has its handler here (ServiceShapeTests fails otherwise).
    public func routes(_ router: inout ServiceRouter) {
        let hasher = PasswordHasher(logN: settings.scryptLogN)
        let users = UserHandlers(store: store, settings: settings, cipher: SensitiveDataCipher(dataKey: settings.dataKey), hasher: hasher)
        let sessions = SessionHandlers(
            store: store, keys: keys, settings: settings, failures: FailedLogins(store: store, settings: settings), hasher: hasher,
            devices: DeviceGate(client: runtime.client), writer: runtime.writer,
            proof: DeviceProof(store: store, clock: settings.challengeClock))
        let profile = ProfileHandlers(store: store, settings: settings)
        let status = UserStatusHandlers(users: users)
        let qualifications = QualificationHandlers(users: users)
        let roles = RoleHandlers(store: store)
        let signatures = SignatureHandlers(store: store, keys: keys, settings: settings, verifier: runtime.verifier, client: runtime.client)
        let webAuthn = WebAuthnHandlers(store: store, settings: settings, signatures: signatures)
        // Their replies carry live tokens or the full ID number, their requests passwords or ID numbers: the
        // stored outcomes (rpc_outcomes, kept 7 days) are sealed under a key derived from the data key.
        runtime.writer.seal(
            [
                IdentityMethods.login.fullName, IdentityMethods.refresh.fullName, IdentityMethods.changePassword.fullName,
                IdentityMethods.createUser.fullName, IdentityMethods.updateUser.fullName, IdentityMethods.revealIdNumber.fullName,
            ], with: OutcomeSeal(deriving: settings.dataKey))
        router.register(IdentityMethods.login.fullName, sessions.login)
        router.query(IdentityMethods.loginChallenge, access: .anonymous, sessions.proof.loginChallenge)
        router.register(IdentityMethods.refresh.fullName, sessions.refresh)
        router.write(IdentityMethods.logout, access: .authenticated, sessions.logout)
        router.write(IdentityMethods.changePassword, access: .authenticated, sessions.changePassword)
        router.query(IdentityMethods.getMe, access: .authenticated, profile.getMe)
        router.query(IdentityMethods.getSigningKeys, access: .anonymous, profile.getSigningKeys)
        router.query(IdentityMethods.listRevocations, access: .anonymous, sessions.listRevocations)

        router.query(IdentityMethods.listUsers, access: .permission(.usersManage), users.listUsers)
        router.query(IdentityMethods.getUser, access: .permission(.usersManage), users.getUser)
        router.write(IdentityMethods.createUser, access: .permission(.usersManage), users.createUser)
        router.write(IdentityMethods.updateUser, access: .permission(.usersManage), users.updateUser)
        router.write(IdentityMethods.disableUser, access: .permission(.usersManage), status.disableUser)
        router.write(IdentityMethods.enableUser, access: .permission(.usersManage), status.enableUser)
        router.write(IdentityMethods.deleteUser, access: .permission(.usersManage), status.deleteUser)
        router.write(IdentityMethods.unlockUser, access: .permission(.usersManage), status.unlockUser)
        router.write(IdentityMethods.revealIdNumber, access: .permission(.usersRevealID), status.revealIdNumber)
        router.write(IdentityMethods.addQualification, access: .permission(.usersManage), qualifications.addQualification)
        router.write(IdentityMethods.removeQualification, access: .permission(.usersManage), qualifications.removeQualification)
        router.write(IdentityMethods.setApprovedItems, access: .permission(.usersManage), qualifications.setApprovedItems)
        router.query(IdentityMethods.checkQualification, access: .authenticated, qualifications.checkQualification)

        router.query(IdentityMethods.listRoles, access: .authenticated, roles.listRoles)
        router.write(IdentityMethods.createRole, access: .permission(.rolesManage), roles.createRole)
        router.write(IdentityMethods.updateRole, access: .permission(.rolesManage), roles.updateRole)
        router.query(IdentityMethods.listPermissions, access: .authenticated, roles.listPermissions)

        router.write(
            IdentityMethods.createSignatureChallenge, access: .authenticated, prepare: signatures.prepareChallenge,
            signatures.createSignatureChallenge)
        router.write(
            IdentityMethods.completeSignature, access: .authenticated, prepare: signatures.prepareCompletion, signatures.completeSignature,
            afterFailure: signatures.auditRefusedAssertion)
        router.query(IdentityMethods.verifySignatureReceipt, access: .authenticated, signatures.verifySignatureReceipt)
        router.query(IdentityMethods.getSignatureImage, access: .authenticated, signatures.getSignatureImage)

        // Devices is asked in `prepare`, before the write's transaction opens.
        router.write(
            IdentityMethods.createWebAuthnRegistration, access: .authenticated, prepare: { try await webAuthn.enabledDeviceKey($1) },
            webAuthn.createWebAuthnRegistration)
        router.write(
            IdentityMethods.completeWebAuthnRegistration, access: .authenticated, prepare: { try await webAuthn.enabledDeviceKey($1) },
            webAuthn.completeWebAuthnRegistration)
        router.query(IdentityMethods.listWebAuthnCredentials, access: .authenticated, webAuthn.listWebAuthnCredentials)
        router.write(IdentityMethods.deleteWebAuthnCredential, access: .authenticated, webAuthn.deleteWebAuthnCredential)
    }
}
