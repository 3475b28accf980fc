import Benchmark
import BenchmarkFixture

// Peers: other libraries verifying the same token over the same JWKS (`cold-vs-jwt-kit` in Benchmarks/compare).
// A target of its own: `Benchmarks/compare` runs it in a full run, and CI's quick run (`--quick`) leaves it out
// rather than build jwt-kit and swift-crypto in release mode (about four and a half minutes on two cores).

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = configuration

    Benchmark("peer/jwt-kit") { benchmark in
        let f = fixture
        let peer = try await JWTKitPeer(jwksJSON: f.jwksJSON)
        let payload = try await peer.verify(f.token)
        precondition(payload.sub.value == "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await peer.verify(f.token))
        }
    }
}
