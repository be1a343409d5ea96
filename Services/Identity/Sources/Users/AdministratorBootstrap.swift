import Auth
import Contracts
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Creates the first administrator (`admin`) at first start, so a fresh installation can be logged into.
struct AdministratorBootstrap: Sendable {
    let store: IdentityStore
    let hasher: PasswordHasher

    /// - Parameter output: where a generated password goes (never the log); nil when there is nowhere to put one.
    func ensureAdministrator(password configured: String?, output: AdministratorPasswordOutput?, logger: Logger) async throws {
        let exists = try await store.client.withConnection { try await store.user(username: "admin", on: $0, logger: logger) } != nil
        guard !exists else { return }
        if configured == nil && output == nil { throw AdministratorPasswordOutput.Unavailable() }
        let password = configured ?? SessionHandlers.randomToken()
        let id = UUID()
        let hash = try hasher.hash(password)
        let created = try await store.client.transaction(logger: logger) { connection -> Bool in
            guard
                try await store.insertUser(
                    .init(id: id, username: "admin", displayName: "系统管理员", passwordHash: hash, roles: ["senior_admin", "system_admin"]),
                    on: connection,
                    logger: logger)
            else { return false }
            try await AuditTrail.append(
                AuditEvent(
                    actorID: "", actorName: "系统", action: "user.created", entityType: "user", entityID: id.uuidString.lowercased(),
                    summary: "首次启动时创建系统管理员 admin", details: ["username": "admin", "roles": "senior_admin,system_admin"]),
                on: connection, logger: logger)
            var event = Metrology_Identity_V1_UserCreated()
            event.user.id = id.uuidString.lowercased()
            event.user.username = "admin"
            event.user.displayName = "系统管理员"
            event.user.roles = ["senior_admin", "system_admin"]
            try await Outbox.append(IdentityEvents.userCreated, subject: event.user.id, payload: event, trace: nil, on: connection, logger: logger)
            return true
        }
        if created, configured == nil, let output {
            try output.deliver(password)
            let place: String = if case .file(let path) = output { path } else { "stderr" }
            logger.notice(
                "created the first administrator with a generated password; change it after the first login",
                metadata: ["username": "admin", "passwordWrittenTo": "\(place)"])
        } else if created {
            logger.notice("created the first administrator", metadata: ["username": "admin"])
        }
    }
}
