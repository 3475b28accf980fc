// swift-tools-version: 6.2
// libFuzzer targets for swift-clerk-session. Never resolved by the library's users.
//
// Build and run through ./run (it passes -sanitize=fuzzer,address and -parse-as-library on the command
// line; this manifest carries no unsafe flags). One executable target per fuzz target; each defines
// LLVMFuzzerTestOneInput and no main: libFuzzer drives it (see Sources/FuzzEntry for the link glue).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Fuzz targets and the library products they exercise.
let fuzzTargets: [(name: String, products: [String])] = [
    ("TokenVerify", ["ClerkSession"]),
    ("TokenMutation", ["ClerkSession"]),
    ("JWKSParse", ["ClerkSession"]),
    ("PEMParse", ["ClerkSession"]),
    ("RequestHeaders", ["ClerkAuthentication"]),
    ("APIErrorBody", ["ClerkAuthentication"]),
]

let package = Package(
    name: "ClerkSessionFuzz",
    platforms: [.macOS(.v15)],
    products: fuzzTargets.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(name: "swift-clerk-session", path: "..")
    ],
    targets: [
        // Link glue: SwiftPM links executables with `--defsym main=<Target>_main`; these forward to libFuzzer.
        .target(name: "FuzzEntry"),
        .target(
            name: "FuzzFixtures",
            dependencies: [.product(name: "ClerkSession", package: "swift-clerk-session")],
            swiftSettings: strict
        ),
    ]
        + fuzzTargets.map { target in
            .executableTarget(
                name: target.name,
                dependencies: ["FuzzEntry", "FuzzFixtures"]
                    + target.products.map { .product(name: $0, package: "swift-clerk-session") },
                swiftSettings: strict
            )
        }
)
