// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-clerk-session",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ClerkSession", targets: ["ClerkSession"]),
        .library(name: "ClerkAuthentication", targets: ["ClerkAuthentication"]),
        .library(name: "ClerkBackend", targets: ["ClerkBackend"]),
        .library(name: "ClerkWebhooks", targets: ["ClerkWebhooks"]),
        .library(name: "ClerkTesting", targets: ["ClerkTesting"]),
        .library(name: "ClerkVapor", targets: ["ClerkVapor"]),
        .library(name: "ClerkHummingbird", targets: ["ClerkHummingbird"]),
        .library(name: "ClerkRevocationPostgres", targets: ["ClerkRevocationPostgres"]),
        .executable(name: "clerk-session", targets: ["clerk-session"]),
    ],
    traits: [
        .trait(name: "Vapor", description: "Builds ClerkVapor, the Vapor 4 authenticator and guard."),
        .trait(name: "Hummingbird", description: "Builds ClerkHummingbird, the Hummingbird 2 middleware."),
        .trait(
            name: "Postgres",
            description:
                "Builds ClerkRevocationPostgres, the revocation list shared across instances through PostgreSQL."
        ),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CClerkOpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .yum(["openssl-devel"]), .brew(["openssl@3"])]
        ),
        .target(
            name: "ClerkSession",
            dependencies: [
                "CClerkOpenSSL",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        // Framework-neutral request authentication: no HTTP client. The Backend API plugs in through the
        // `ClerkSessionBackend` protocol (ClerkBackend's client conforms).
        .target(
            name: "ClerkAuthentication",
            dependencies: [
                "ClerkSession",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        // Clerk webhooks (Svix signatures, typed events): bytes, HMAC through the OpenSSL shim, JSON. No HTTP.
        .target(
            name: "ClerkWebhooks",
            dependencies: ["ClerkSession", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "ClerkBackend",
            dependencies: [
                "ClerkSession",
                "ClerkAuthentication",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ClerkTesting",
            dependencies: [
                "CClerkOpenSSL",
                "ClerkSession",
                "ClerkAuthentication",
                "ClerkBackend",
                "ClerkWebhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ClerkVapor",
            dependencies: [
                "ClerkSession",
                "ClerkAuthentication",
                "ClerkWebhooks",
                .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Vapor"])),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: .when(traits: ["Vapor"])),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio", condition: .when(traits: ["Vapor"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Vapor"])),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ClerkHummingbird",
            dependencies: [
                "ClerkSession",
                "ClerkAuthentication",
                "ClerkWebhooks",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(
                    name: "HummingbirdAuth", package: "hummingbird-auth", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: .when(traits: ["Hummingbird"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Hummingbird"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Hummingbird"])),
            ],
            swiftSettings: strict
        ),
        // The revocation list shared across instances through PostgreSQL (LISTEN/NOTIFY and a table).
        .target(
            name: "ClerkRevocationPostgres",
            dependencies: [
                "ClerkSession",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Postgres"])),
                .product(name: "Metrics", package: "swift-metrics", condition: .when(traits: ["Postgres"])),
                .product(
                    name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["Postgres"])
                ),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "clerk-session",
            dependencies: [
                "ClerkSession",
                "ClerkAuthentication",
                "ClerkBackend",
                "ClerkWebhooks",
                "ClerkTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkSessionTests",
            dependencies: [
                "CClerkOpenSSL", "ClerkSession", "ClerkTesting",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkBackendTests",
            dependencies: [
                "ClerkSession", "ClerkAuthentication", "ClerkBackend", "ClerkTesting", "ClerkWebhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkWebhooksTests",
            dependencies: ["ClerkSession", "ClerkWebhooks", "ClerkTesting"],
            swiftSettings: strict
        ),
        // A process that uses OpenSSL after its exit handlers ran (OpenSSLExitTests); not a product.
        .executableTarget(
            name: "openssl-exit-probe",
            dependencies: ["ClerkSession", "ClerkTesting"],
            path: "Tests/OpenSSLExitProbe",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkSessionCLITests",
            dependencies: [
                "clerk-session", "openssl-exit-probe", "ClerkSession", "ClerkBackend", "ClerkTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ClerkAdapterTestSupport",
            dependencies: [
                "ClerkSession", "ClerkAuthentication", "ClerkBackend", "ClerkTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/ClerkAdapterTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkVaporTests",
            dependencies: [
                "ClerkSession", "ClerkAuthentication", "ClerkBackend", "ClerkTesting", "ClerkAdapterTestSupport",
                "ClerkWebhooks",
                .target(name: "ClerkVapor", condition: .when(traits: ["Vapor"])),
                .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
                .product(name: "VaporTesting", package: "vapor", condition: .when(traits: ["Vapor"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Vapor"])),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkHummingbirdTests",
            dependencies: [
                "ClerkSession", "ClerkAuthentication", "ClerkBackend", "ClerkTesting", "ClerkAdapterTestSupport",
                "ClerkWebhooks",
                .target(name: "ClerkHummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(
                    name: "HummingbirdAuth", package: "hummingbird-auth", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: .when(traits: ["Hummingbird"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Hummingbird"])),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClerkRevocationPostgresTests",
            dependencies: [
                "ClerkSession",
                .target(name: "ClerkWebhooks", condition: .when(traits: ["Postgres"])),
                .target(name: "ClerkTesting", condition: .when(traits: ["Postgres"])),
                .target(name: "ClerkRevocationPostgres", condition: .when(traits: ["Postgres"])),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Postgres"])),
                .product(name: "Metrics", package: "swift-metrics", condition: .when(traits: ["Postgres"])),
                .product(name: "MetricsTestKit", package: "swift-metrics", condition: .when(traits: ["Postgres"])),
                .product(
                    name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["Postgres"])
                ),
            ],
            swiftSettings: strict
        ),
    ]
)
