// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "HummingbirdApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-clerk-session", path: "../..", traits: ["Hummingbird"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdApp",
            dependencies: [
                .product(name: "ClerkSession", package: "swift-clerk-session"),
                .product(name: "ClerkBackend", package: "swift-clerk-session"),
                .product(name: "ClerkHummingbird", package: "swift-clerk-session"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
