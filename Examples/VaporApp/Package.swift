// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "VaporApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-clerk-session", path: "../..", traits: ["Vapor"]),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
    ],
    targets: [
        .executableTarget(
            name: "VaporApp",
            dependencies: [
                .product(name: "ClerkSession", package: "swift-clerk-session"),
                .product(name: "ClerkBackend", package: "swift-clerk-session"),
                .product(name: "ClerkVapor", package: "swift-clerk-session"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
