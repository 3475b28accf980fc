import Benchmark
import BenchmarkFixture
import ClerkAuthentication
import ClerkSession

/// A Backend API stand-in that vouches for every opaque token: the benchmarks measure cache hits, which
/// never reach it after the first request.
struct VouchingMachineBackend: ClerkMachineTokenBackend {
    func verifyMachineToken(_ token: String, kind: ClerkTokenKind) async throws(ClerkAPIError) -> MachineIdentity {
        MachineIdentity(
            kind: kind, id: "ak_0123456789abcdef0123456789abcdef", subject: "user_bench", scopes: ["read:orders"],
            name: "bench key", expiresAtSeconds: nil)
    }
}

/// An authenticator accepting API keys, over the stand-in; an API key of the usual length.
let opaqueAuthenticator = ClerkRequestAuthenticator(
    verifier: fixture.verifier, machineBackend: VouchingMachineBackend(),
    configuration: .init(acceptedTokens: [.sessionToken, .apiKey]))
let opaqueAPIKey = "ak_live_4f2b7c9e1a3d5f6b8c0e2a4d6f8b0c2e4a6d8f0b"

/// Issue 15: a cached opaque-token hit (SHA-256 of the token, one shard lock) through the authenticator's
/// public entry point; target under 1 µs and no allocation.
func registerMachineBenchmarks() {
    Benchmark("machine/opaque-cached") { benchmark in
        let authenticator = opaqueAuthenticator
        let token = opaqueAPIKey
        guard case .signedInMachine = await authenticator.authenticate(bearerToken: token) else {
            fatalError("the API key did not verify")
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(await authenticator.authenticate(bearerToken: token))
        }
    }
}
