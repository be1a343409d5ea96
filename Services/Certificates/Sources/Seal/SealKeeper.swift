import DocumentConversion
import Foundation
import Logging
import PDFSeal
import Persistence
import PostgresNIO
import ServiceKit

/// The institution's seal as the issue process uses it: the signing identity and the seal picture, read from
/// `seals` and kept in memory until another instance (or an import) makes another seal current.
actor SealKeeper {
    struct Current: Sendable {
        var id: UUID
        var identity: SealIdentity
        var png: Data
    }

    let database: PostgresClient
    let settings: IssueSettings
    let pool: ConverterPool
    let logger: Logger
    /// Seals the private key at rest (METROLOGY_CERTIFICATES_DATA_KEY).
    let cipher: DataKeyCipher
    private var cached: Current?

    init(database: PostgresClient, settings: IssueSettings, pool: ConverterPool, logger: Logger) {
        self.database = database
        self.settings = settings
        self.pool = pool
        self.logger = logger
        cipher = DataKeyCipher(dataKey: settings.dataKey, service: "certificates", purpose: "seal-key")
    }

    /// At first start there is no seal: a self-signed certificate for the institution is made and kept until an
    /// operator imports the lab's own (ImportSeal).
    /// Keys stored in the clear by an earlier version are sealed here, before anything signs with them.
    func ensureExists() async throws {
        try await database.withConnection { connection in
            for (id, pem) in try await SealStore.plaintextKeys(on: connection, logger: logger) {
                try await SealStore.sealKey(id, sealed: try cipher.seal(Data(pem.utf8)), on: connection, logger: logger)
                logger.info("sealed a seal key that was stored in the clear", metadata: ["seal": "\(id)"])
            }
            guard try await SealStore.currentID(on: connection, logger: logger) == nil else { return }
            let identity = try SealIdentity.selfSigned(organization: settings.institution, commonName: "\(settings.institution) 电子印章")
            try await SealStore.insertFirst(
                UUID(), certificatePEM: identity.certificatePEM, sealedPrivateKey: try cipher.seal(Data(identity.privateKeyPEM.utf8)),
                on: connection, logger: logger)
            logger.info("generated a self-signed seal certificate; import the institution's own with ImportSeal")
        }
    }

    /// The current seal; its picture is drawn (through the converters) the first time it is needed.
    func current() async throws -> Current {
        let id = try await database.withConnection { try await SealStore.currentID(on: $0, logger: logger) }
        if let cached, cached.id == id { return cached }
        guard let row = try await database.withConnection({ try await SealStore.current(on: $0, logger: logger) }) else {
            try await ensureExists()
            return try await current()
        }
        let privateKeyPEM = String(decoding: try cipher.open(row.sealedPrivateKey), as: UTF8.self)
        let identity = try SealIdentity(certificatePEM: row.certificatePEM, privateKeyPEM: privateKeyPEM)
        var png: Data
        if let sha = row.sealPNG, let stored = try await database.withConnection({ try await FileStore.content(sha, on: $0, logger: logger) }) {
            png = stored
        } else {
            png = try await pool.convert(Data(SealImage.svg(institution: settings.institution).utf8), from: .svg, to: .png(width: 400, height: 400))
            try await database.transaction(logger: logger) { connection in
                let sha = try await FileStore.put(png, mediaType: "image/png", on: connection, logger: logger)
                try await SealStore.setImage(row.id, sha256: sha, on: connection, logger: logger)
            }
        }
        let current = Current(id: row.id, identity: identity, png: png)
        cached = current
        return current
    }
}
