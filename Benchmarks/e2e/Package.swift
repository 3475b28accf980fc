// swift-tools-version: 6.2
// The end-to-end benchmark: small servers on 127.0.0.1, driven by wrk over keep-alive connections (see
// `run`). A nested package, so the library's users never resolve Vapor, Hummingbird or vapor/jwt through it.
//
//   Benchmarks/e2e/run [--duration 10] [--rounds 3] [--write docs/e2e.md]
import PackageDescription

import struct Foundation.URL

// A path dependency's identity is the name of its folder (the clone's name), not the manifest's `name`.
let library = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "swift-clerk-session-e2e",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../..", traits: ["Vapor", "Hummingbird"]),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        // Mints one RSA key, its JWKS, a long-lived session token and a pool of distinct tokens.
        .executableTarget(
            name: "E2EFixture",
            dependencies: [
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkTesting", package: library),
            ],
            swiftSettings: settings
        ),
        // `GET /hello` on Hummingbird 2: `none` | `clerk`.
        .executableTarget(
            name: "E2EHummingbird",
            dependencies: [
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkAuthentication", package: library),
                .product(name: "ClerkHummingbird", package: library),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            swiftSettings: settings
        ),
        // `GET /hello` on Vapor 4: `none` | `clerk` | `jwt` (vapor/jwt 5 over jwt-kit 5).
        .executableTarget(
            name: "E2EVapor",
            dependencies: [
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkAuthentication", package: library),
                .product(name: "ClerkVapor", package: library),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "JWT", package: "jwt"),
            ],
            swiftSettings: settings
        ),
        // Not a server: one Vapor route through the application's responder, for profilers (see its main.swift).
        .executableTarget(
            name: "ProfileVaporRoute",
            dependencies: [
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkAuthentication", package: library),
                .product(name: "ClerkTesting", package: library),
                .product(name: "ClerkVapor", package: library),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
    ]
)
