// swift-tools-version:6.2
// The metrology platform: six domain services and a gateway that talk protobuf over AMQP.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Each file imports every module whose members it uses, and an import is internal unless the file's public
    // declarations expose that module's types (`public import`): a module's dependencies are what it says they are.
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// What a service's handlers import: the runtime, the call and its errors, the database, the contracts.
let serviceDependencies: [Target.Dependency] = [
    "Auth", "Contracts", "Messaging", "Persistence", "RPCCore", "ServiceBootstrap", "ServiceKit",
    .product(name: "Logging", package: "swift-log"),
    .product(name: "PostgresNIO", package: "postgres-nio"),
    .product(name: "SwiftProtobuf", package: "swift-protobuf"),
]

let package = Package(
    name: "metrology-platform",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "identity", targets: ["IdentityMain"]),
        .executable(name: "devices", targets: ["DevicesMain"]),
        .executable(name: "flows", targets: ["FlowsMain"]),
        .executable(name: "records", targets: ["RecordsMain"]),
        .executable(name: "certificates", targets: ["CertificatesMain"]),
        .executable(name: "reports", targets: ["ReportsMain"]),
        .executable(name: "gateway", targets: ["GatewayMain"]),
        .executable(name: "bench", targets: ["Bench"]),
        .executable(name: "echo-service", targets: ["EchoService"]),
        .executable(name: "mobile-client", targets: ["MobileClient"]),
        .executable(name: "feed-consumer", targets: ["FeedConsumer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already resolved through Hummingbird; named because the gateway adds a channel handler to its HTTP pipeline.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        // The certificate seal: a CMS (PAdES) signature made with the institution's X.509 key (`@_spi(CMS) import X509`).
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
        // The HTTP contract: Services/Gateway/API/generate runs swift-openapi-generator 1.14.3 (not a build plugin: CI
        // builds from a clean clone and the plugin costs minutes); the generated modules need its runtime, and the
        // gateway serves them through Hummingbird's transport.
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", exact: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", exact: "2.1.0"),
    ],
    targets: [
        // MARK: - Shared

        .systemLibrary(name: "CRabbitMQ", path: "Shared/CRabbitMQ"),
        .target(
            name: "Contracts",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Shared/Contracts",
            swiftSettings: swiftSettings
        ),
        // getrandom(2) for RPCCore's ids, without librabbitmq.
        .systemLibrary(name: "CRandom", path: "Shared/CRandom"),
        // What a call is, without a transport: errors and their codes, trace context, deadlines, the handler's view of
        // a request. Auth and Persistence depend on this, not on Messaging, so they do not link librabbitmq.
        .target(
            name: "RPCCore",
            dependencies: [
                "CRandom", "Contracts",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/RPCCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "CRabbitMQ", "Contracts", "RPCCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Messaging",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Auth",
            dependencies: [
                "RPCCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/Auth",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Persistence",
            dependencies: [
                "Contracts", "RPCCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its ConnectionPoolError reaches callers as is; DatabaseFailure classifies it.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Shared/Persistence",
            swiftSettings: swiftSettings
        ),
        // The formula language of test procedures: exact decimals, GB/T 8170 rounding, judgements (no service code).
        .target(name: "FormulaEngine", path: "Shared/FormulaEngine", swiftSettings: swiftSettings),
        // A procedure's data items as the formula engine sees them: the one mapping flows publishes with and records
        // computes with.
        .target(name: "ProcedureKit", dependencies: ["Contracts", "FormulaEngine"], path: "Shared/ProcedureKit", swiftSettings: swiftSettings),
        // Word/Excel template inspection: hostile-upload checks, bookmarks and defined names.
        .target(
            name: "TemplateKit",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Shared/TemplateKit",
            swiftSettings: swiftSettings
        ),
        // Filling the lab's templates (Docs/templates.md): what a fill is given and reports, and the OOXML package edits
        // Word and Excel share.
        .target(
            name: "FillCore",
            dependencies: ["SystemZlib", "TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Shared/FillCore",
            swiftSettings: swiftSettings
        ),
        .target(name: "WordFill", dependencies: ["FillCore", "TemplateKit"], path: "Shared/WordFill", swiftSettings: swiftSettings),
        .target(name: "ExcelFill", dependencies: ["FillCore", "TemplateKit"], path: "Shared/ExcelFill", swiftSettings: swiftSettings),
        // The QR code printed on a certificate (ISO/IEC 18004, byte mode), as a PNG.
        .target(name: "QRCode", dependencies: ["SystemZlib"], path: "Shared/QRCode", swiftSettings: swiftSettings),
        // A zip written front to back into any sink (data descriptors, ZIP64), so large archives stream.
        .target(name: "ZipStream", dependencies: ["SystemZlib"], path: "Shared/ZipStream", swiftSettings: swiftSettings),
        // Streamed .xlsx (SpreadsheetML in a streamed zip): memory does not grow with the row count.
        .target(name: "XLSXWriter", dependencies: ["ZipStream"], path: "Shared/XLSXWriter", swiftSettings: swiftSettings),
        // Failure rates with Wilson intervals, trend and rise tests, drift of errors: the evaluation of `001`.
        .target(name: "PerformanceStatistics", path: "Shared/PerformanceStatistics", swiftSettings: swiftSettings),
        // zlib from the system, for PDF streams and PNG.
        .systemLibrary(name: "SystemZlib", path: "Shared/SystemZlib"),
        // The electronic seal: an incremental update that adds a CMS signature over the PDF's byte range.
        .target(
            name: "PDFSeal",
            dependencies: [
                "SystemZlib",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/PDFSeal",
            swiftSettings: swiftSettings
        ),
        // PDF rendering through a pool of long-lived LibreOffice converters (deploy/converter), never a cold process.
        .target(
            name: "DocumentConversion",
            dependencies: [.product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")],
            path: "Shared/DocumentConversion",
            swiftSettings: swiftSettings
        ),
        // What every executable runs on, the gateway included: settings from the environment, logging and metrics,
        // the token verifier's keys and revocations. No database: the gateway does not link PostgresNIO.
        .target(
            name: "ServiceBootstrap",
            dependencies: [
                "Auth", "Contracts", "Messaging",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Shared/ServiceBootstrap",
            swiftSettings: swiftSettings
        ),
        // The runtime of a service with a schema: its router (authorization, idempotent writes, audit), migrations,
        // the outbox relay, the handler's context and the field rules its handlers share.
        .target(
            name: "ServiceKit",
            dependencies: [
                "Auth", "Contracts", "Messaging", "Persistence", "RPCCore", "ServiceBootstrap",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: swiftSettings
        ),

        // MARK: - Services

        .target(
            name: "IdentityService",
            dependencies: serviceDependencies + [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Identity/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "IdentityMain",
            dependencies: ["IdentityService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Identity/Main",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DevicesService",
            dependencies: serviceDependencies + [.product(name: "Crypto", package: "swift-crypto")],
            path: "Services/Devices/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DevicesMain",
            dependencies: ["DevicesService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Devices/Main",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowsService",
            dependencies: serviceDependencies + [
                "FormulaEngine", "ProcedureKit", "TemplateKit", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Flows/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FlowsMain",
            dependencies: ["FlowsService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Flows/Main",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RecordsService",
            dependencies: serviceDependencies + [
                "FormulaEngine", "ProcedureKit", "TemplateKit", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Services/Records/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "RecordsMain",
            dependencies: ["RecordsService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Records/Main",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CertificatesService",
            dependencies: serviceDependencies + [
                "DocumentConversion", "ExcelFill", "FillCore", "PDFSeal", "QRCode", "TemplateKit", "WordFill",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            path: "Services/Certificates/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CertificatesMain",
            dependencies: ["CertificatesService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Certificates/Main",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportsService",
            dependencies: serviceDependencies + [
                "XLSXWriter", "ZipStream", "PerformanceStatistics",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The feed's Ed25519 signatures (JWS EdDSA).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Reports/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ReportsMain",
            dependencies: ["ReportsService", "ServiceBootstrap", "ServiceKit"],
            path: "Services/Reports/Main",
            swiftSettings: swiftSettings
        ),
        // The HTTP API generated from Services/Gateway/Sources/Resources/openapi.yaml, one module per backing service
        // (each engineer's routes regenerate only their own files); GatewayAPISupport holds the types their configs
        // substitute for schemas (strict base64).
        .target(name: "GatewayAPISupport", path: "Services/Gateway/API/Support", swiftSettings: swiftSettings),
        .target(
            name: "IdentityAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Identity",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Flows",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DevicesAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Devices",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RecordsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Records",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CertificatesAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Certificates",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Reports",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowsDocumentsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/FlowsDocuments",
            exclude: ["openapi-generator-config.yaml"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GatewayService",
            // ServiceBootstrap, not ServiceKit: the gateway has no schema and does not link PostgresNIO.
            dependencies: [
                "Auth", "CertificatesAPI", "Contracts", "DevicesAPI", "FlowsAPI", "FlowsDocumentsAPI", "GatewayAPISupport", "IdentityAPI",
                "Messaging", "RecordsAPI", "ReportsAPI", "RPCCore", "ServiceBootstrap", "ZipStream",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
            ],
            path: "Services/Gateway/Sources",
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "GatewayMain",
            dependencies: [
                "GatewayService", "ServiceBootstrap",
            ],
            path: "Services/Gateway/Main",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tools

        // A command-line stand-in for the mobile app (device login, key file, signing); tests and demos use it.
        .executableTarget(
            name: "MobileClient",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tools/MobileClient",
            swiftSettings: swiftSettings
        ),
        // The reference consumer of the verification-results feed (Docs/feed.md): verifies, stores, resumes after a kill.
        .target(
            name: "FeedConsumerKit", dependencies: [.product(name: "Crypto", package: "swift-crypto")], path: "Tools/FeedConsumerKit",
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "FeedConsumer", dependencies: ["FeedConsumerKit"], path: "Tools/FeedConsumer", swiftSettings: swiftSettings),
        // `deploy/local/bench xlsx`: rows written with XLSXWriter, timed against Python's xlsxwriter.
        .executableTarget(name: "XLSXBench", dependencies: ["XLSXWriter", "ZipStream"], path: "Tools/XLSXBench", swiftSettings: swiftSettings),

        // MARK: - Benchmarks

        .target(
            name: "CBaselineEcho",
            dependencies: ["CRabbitMQ"],
            path: "Benchmarks/CBaselineEcho",
            linkerSettings: [.linkedLibrary("rabbitmq")]
        ),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "CBaselineEcho", "Contracts", "FormulaEngine", "Messaging", "Persistence", "ServiceBootstrap", "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/Bench",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .executableTarget(
            name: "EchoService",
            dependencies: [
                "Contracts", "Messaging", "Persistence", "RPCCore", "ServiceBootstrap", "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/EchoService",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RPCCoreTests", dependencies: ["Contracts", "RPCCore"], path: "Tests/RPCCoreTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: [
                "Messaging", "Contracts", "CRabbitMQ", "RPCCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/MessagingTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "Auth", "RPCCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/AuthTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PersistenceTests",
            dependencies: [
                "Persistence", "RPCCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/PersistenceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceBootstrapTests",
            dependencies: [
                "Auth", "Contracts", "Messaging", "RPCCore", "ServiceBootstrap",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/ServiceBootstrapTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "Auth", "Contracts", "Messaging", "Persistence", "RPCCore", "ServiceBootstrap", "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/ServiceKitTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DevicesServiceTests",
            dependencies: [
                "DevicesService", "ServiceKit", "Messaging", "Contracts", "RPCCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DevicesServiceTests",
            swiftSettings: swiftSettings
        ),
        // Every rpc in proto/ has a registered handler (builds each service's route table; no broker or database).
        .testTarget(
            name: "ServiceShapeTests",
            dependencies: [
                "CertificatesService", "DevicesService", "FlowsService", "IdentityService", "RecordsService", "ReportsService",
                "ServiceBootstrap", "ServiceKit",
                "Messaging", "DocumentConversion",
            ],
            path: "Tests/ServiceShapeTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CertificatesServiceTests",
            dependencies: ["CertificatesService", "Contracts", "DocumentConversion", "FillCore", "PDFSeal", "RPCCore"],
            path: "Tests/CertificatesServiceTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportsServiceTests", dependencies: ["ReportsService", "Contracts", "RPCCore", "XLSXWriter"],
            path: "Tests/ReportsServiceTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZipStreamTests", dependencies: ["ZipStream", "SystemZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/ZipStreamTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "XLSXWriterTests", dependencies: ["XLSXWriter", "ZipStream", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/XLSXWriterTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerformanceStatisticsTests", dependencies: ["PerformanceStatistics"], path: "Tests/PerformanceStatisticsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FlowsServiceTests", dependencies: ["FlowsService"], path: "Tests/FlowsServiceTests", swiftSettings: swiftSettings),
        // What the Word and Excel fill tests share: test pictures and LibreOffice/poppler helpers.
        .target(
            name: "FillTestSupport", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")], path: "Tests/FillTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WordFillTests",
            dependencies: ["FillCore", "FillTestSupport", "WordFill", "TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/WordFillTests", exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExcelFillTests",
            dependencies: ["ExcelFill", "FillCore", "FillTestSupport", "TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/ExcelFillTests", exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QRCodeTests", dependencies: ["QRCode", "SystemZlib"], path: "Tests/QRCodeTests", exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PDFSealTests",
            dependencies: ["PDFSeal", .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/PDFSealTests", exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DocumentConversionTests", dependencies: ["DocumentConversion"], path: "Tests/DocumentConversionTests", swiftSettings: swiftSettings
        ),
        .testTarget(name: "FormulaEngineTests", dependencies: ["FormulaEngine"], path: "Tests/FormulaEngineTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "TemplateKitTests",
            dependencies: ["TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TemplateKitTests",
            swiftSettings: swiftSettings
        ),
        // Records' pure rules: USCC and region checks, the ledger sheet reader (workbooks built from XML in the test).
        .testTarget(
            name: "RecordsServiceTests",
            dependencies: [
                "RecordsService", "RPCCore", "ServiceKit", "TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/RecordsServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IdentityServiceTests",
            dependencies: [
                "IdentityService", "Auth", "Messaging", "ServiceKit", "RPCCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IdentityServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayServiceTests",
            dependencies: [
                "Auth", "Contracts", "GatewayService", "Messaging", "RPCCore", "ServiceBootstrap",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
            ],
            path: "Tests/GatewayServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedConsumerKitTests", dependencies: ["FeedConsumerKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/FeedConsumerKitTests", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Auth", "Contracts", "FillTestSupport", "GatewayService", "IdentityService", "Messaging", "Persistence", "RPCCore",
                "ServiceBootstrap",
                "ServiceKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Tests/IntegrationTests",
            swiftSettings: swiftSettings
        ),
    ]
)
