// swift-tools-version:6.2
// The metrology platform: six domain services and a gateway that talk protobuf over AMQP.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
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
        .target(
            name: "Messaging",
            dependencies: [
                "CRabbitMQ", "Contracts",
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
                "Contracts", "Messaging",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Auth",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Persistence",
            dependencies: [
                "Contracts", "Messaging",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its ConnectionPoolError reaches callers as is; DatabaseFailure classifies it.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Shared/Persistence",
            swiftSettings: swiftSettings
        ),
        // The formula language of test procedures: exact decimals, GB/T 8170 rounding, judgements (no service code).
        .target(name: "FormulaEngine", path: "Shared/FormulaEngine", swiftSettings: swiftSettings),
        // Word/Excel template inspection: hostile-upload checks, bookmarks and defined names.
        .target(
            name: "TemplateKit",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Shared/TemplateKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Contracts", "Messaging", "Persistence", "Auth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: swiftSettings
        ),

        // MARK: - Services

        .target(
            name: "IdentityService",
            dependencies: ["ServiceKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Services/Identity/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "IdentityMain", dependencies: ["IdentityService", "ServiceKit"], path: "Services/Identity/Main"),
        .target(
            name: "DevicesService",
            dependencies: ["ServiceKit"],
            path: "Services/Devices/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "DevicesMain", dependencies: ["DevicesService", "ServiceKit"], path: "Services/Devices/Main"),
        .target(
            name: "FlowsService",
            dependencies: ["ServiceKit", "FormulaEngine", "TemplateKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Services/Flows/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "FlowsMain", dependencies: ["FlowsService", "ServiceKit"], path: "Services/Flows/Main"),
        .target(
            name: "RecordsService",
            dependencies: ["ServiceKit"],
            path: "Services/Records/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "RecordsMain", dependencies: ["RecordsService", "ServiceKit"], path: "Services/Records/Main"),
        .target(
            name: "CertificatesService",
            dependencies: ["ServiceKit"],
            path: "Services/Certificates/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CertificatesMain",
            dependencies: ["CertificatesService", "ServiceKit"],
            path: "Services/Certificates/Main"
        ),
        .target(
            name: "ReportsService",
            dependencies: ["ServiceKit"],
            path: "Services/Reports/Sources",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "ReportsMain", dependencies: ["ReportsService", "ServiceKit"], path: "Services/Reports/Main"),
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
            exclude: ["openapi-generator-config.yaml"]
        ),
        .target(
            name: "FlowsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Flows",
            exclude: ["openapi-generator-config.yaml"]
        ),
        .target(
            name: "DevicesAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/Devices",
            exclude: ["openapi-generator-config.yaml"]
        ),
        .target(
            name: "FlowsDocumentsAPI",
            dependencies: [
                "GatewayAPISupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Gateway/API/FlowsDocuments",
            exclude: ["openapi-generator-config.yaml"]
        ),
        .target(
            name: "GatewayService",
            dependencies: [
                "ServiceKit", "GatewayAPISupport", "IdentityAPI", "DevicesAPI", "FlowsDocumentsAPI", "FlowsAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            path: "Services/Gateway/Sources",
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "GatewayMain", dependencies: ["GatewayService", "ServiceKit"], path: "Services/Gateway/Main"),

        // MARK: - Tools

        // A command-line stand-in for the mobile app (device login, key file, signing); tests and demos use it.
        .executableTarget(
            name: "MobileClient",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tools/MobileClient",
            swiftSettings: swiftSettings
        ),

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
                "CBaselineEcho", "Messaging", "ServiceKit", "Contracts", "FormulaEngine", "Persistence",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/Bench",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .executableTarget(
            name: "EchoService",
            dependencies: ["ServiceKit"],
            path: "Tests/EchoService",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MessagingTests", dependencies: ["Messaging", "Contracts", "CRabbitMQ"], path: "Tests/MessagingTests"),
        .testTarget(name: "AuthTests", dependencies: ["Auth"], path: "Tests/AuthTests"),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence"], path: "Tests/PersistenceTests"),
        .testTarget(name: "ServiceKitTests", dependencies: ["ServiceKit", "Auth", "Messaging", "Contracts", "Persistence"], path: "Tests/ServiceKitTests"),
        .testTarget(name: "DevicesServiceTests", dependencies: ["DevicesService", "ServiceKit", "Messaging", "Contracts"], path: "Tests/DevicesServiceTests"),
        // Every rpc in proto/ has a registered handler (builds each service's route table; no broker or database).
        .testTarget(
            name: "ServiceShapeTests",
            dependencies: ["IdentityService", "DevicesService", "FlowsService", "RecordsService", "CertificatesService", "ReportsService", "ServiceKit"],
            path: "Tests/ServiceShapeTests"
        ),
        .testTarget(name: "FormulaEngineTests", dependencies: ["FormulaEngine"], path: "Tests/FormulaEngineTests"),
        .testTarget(
            name: "TemplateKitTests",
            dependencies: ["TemplateKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TemplateKitTests"
        ),
        .testTarget(name: "IdentityServiceTests", dependencies: ["IdentityService", "Auth", "Messaging", "ServiceKit"], path: "Tests/IdentityServiceTests"),
        .testTarget(
            name: "GatewayServiceTests",
            dependencies: ["GatewayService", .product(name: "HummingbirdTesting", package: "hummingbird")],
            path: "Tests/GatewayServiceTests"
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ServiceKit", "IdentityService", "GatewayService", "Messaging", "Persistence", "Auth", "Contracts",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IntegrationTests"
        ),
    ]
)
