// swift-tools-version: 6.2
// Benchmarks for swift-clerk-session. A nested package, so the library's users never resolve
// ordo-one/benchmark, jwt-kit or Hummingbird through it.
//
//   swift package --package-path Benchmarks -c release --disable-sandbox benchmark
//   Benchmarks/compare [--quick] [--floor]
import PackageDescription

import struct Foundation.URL

// A path dependency's identity is the name of its folder (the clone's name), not the manifest's `name`.
let library = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "swift-clerk-session-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..", traits: ["Hummingbird"]),
        // The default trait set pulls ordo-one/swift-runtime-interposer; malloc counts only need this one.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // The bare OpenSSL baseline calls libcrypto directly, with the library's own recipe.
        .systemLibrary(
            name: "CBenchOpenSSL",
            path: "Sources/CBenchOpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .yum(["openssl-devel"]), .brew(["openssl@3"])]
        ),
        // The token, the JWKS and the verifiers every benchmark target measures, and their shared configuration.
        .target(
            name: "BenchmarkFixture",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkTesting", package: library),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Sources/BenchmarkFixture",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "VerifyBenchmarks",
            dependencies: [
                "BenchmarkFixture",
                "CBenchOpenSSL",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkTesting", package: library),
                .product(name: "ClerkAuthentication", package: library),
                .product(name: "ClerkHummingbird", package: library),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/VerifyBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Other libraries on the same token: a full `Benchmarks/compare` runs it, CI's `--quick` run does not
        // (jwt-kit and swift-crypto add about four and a half minutes to a release build on two cores).
        .executableTarget(
            name: "PeerBenchmarks",
            dependencies: [
                "BenchmarkFixture",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            path: "Benchmarks/PeerBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark: one Hummingbird route through its responder, for profilers (see its main.swift).
        .executableTarget(
            name: "ProfileRoute",
            dependencies: [
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkTesting", package: library),
                .product(name: "ClerkAuthentication", package: library),
                .product(name: "ClerkHummingbird", package: library),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            path: "Sources/ProfileRoute",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Not a benchmark: a plain loop for profilers (see its main.swift).
        .executableTarget(
            name: "ProfileVerify",
            dependencies: [
                "CBenchOpenSSL",
                .product(name: "ClerkSession", package: library),
                .product(name: "ClerkTesting", package: library),
            ],
            path: "Sources/ProfileVerify",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
