import Benchmark
import BenchmarkFixture
@_spi(Benchmarking) import ClerkSession

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// The fixture (token, JWKS, verifiers) and the configuration (`configuration`, `quick`) are BenchmarkFixture's,
// shared with PeerBenchmarks (the jwt-kit peer, a target of its own so that CI's quick run does not build jwt-kit).

/// How many operations one measured iteration of a two-task benchmark of a sub-microsecond operation does, as a
/// multiple of `scalingFactor`'s thousand (`Benchmarks/compare.py` divides by the same number).
///
/// Every iteration of a two-task benchmark forks two child tasks onto the workers and joins them: two thread
/// wake-ups and a resumption of the benchmark's own task, tens of microseconds on a VM (`harness/fork-join`
/// measures it). A thousand cache hits take 100–200 µs, so with a thousand operations an iteration the fork and
/// join were most of what `verify/warm-2-tasks` measured (0.34–0.82 of one task, while the same hits outside the
/// harness, `ProfileVerify scaling-warm-copies`, scaled 1.7–1.8). At 64 000 operations an iteration it is about 1 %.
let forkJoinRounds = 64

/// Runs `body` `count` times split over two child tasks (two cores on the reference machine), each on
/// its own worker thread (see ``WorkerExecutor`` for why not on the cooperative pool).
@inline(__always)
func inTwoTasks(_ count: Int, _ body: @escaping @Sendable (_ task: Int) -> Void) async {
    await withTaskGroup(of: Void.self) { group in
        for (task, (worker, share)) in zip(twoWorkers, [count / 2, count - count / 2]).enumerated() {
            group.addTask(executorPreference: worker) {
                for _ in 0..<share { body(task) }
            }
        }
    }
}

/// Runs `body` `count` times in one child task on the first worker: the one-task side of a two-task ratio, with
/// the same fork, join and iteration length as ``inTwoTasks(_:_:)``.
@inline(__always)
func inOneTask(_ count: Int, _ body: @escaping @Sendable (_ task: Int) -> Void) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask(executorPreference: twoWorkers[0]) {
            for _ in 0..<count { body(0) }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = configuration
    registerMachineBenchmarks()

    // MARK: Reference points

    Benchmark("baseline/openssl-rs256") { benchmark in
        let f = fixture
        let openssl = OpenSSLBaseline(
            modulus: f.issuer.currentKey.signingKey.modulus,
            exponent: f.issuer.currentKey.signingKey.exponent)
        f.signingInput.withUnsafeBufferPointer { message in
            f.signature.withUnsafeBufferPointer { signature in
                precondition(openssl.verify(message, signature), "the baseline does not verify the token")
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(openssl.verify(message, signature))
                }
            }
        }
    }

    Benchmark("baseline/openssl-rs256-2-tasks") { benchmark in
        // The machine's own two-task scaling: each task has its own key and contexts, nothing is shared.
        let f = fixture
        let share = benchmark.scaledIterations.count / 2
        benchmark.startMeasurement()
        await inTwoTasks(2) { _ in
            let openssl = OpenSSLBaseline(
                modulus: f.issuer.currentKey.signingKey.modulus,
                exponent: f.issuer.currentKey.signingKey.exponent)
            f.signingInput.withUnsafeBufferPointer { message in
                f.signature.withUnsafeBufferPointer { signature in
                    for _ in 0..<share { blackHole(openssl.verify(message, signature)) }
                }
            }
        }
    }

    // MARK: Verification

    Benchmark("verify/cold") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.coldVerifier.verify(f.token))
        }
    }

    Benchmark("verify/warm") { benchmark in
        let f = fixture
        _ = try f.verifier.verify(f.token)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.verifier.verify(f.token))
        }
    }

    // verify/cold and verify/warm with an M2M JWT through verify(_:accepting: .m2mToken): the same verifiers,
    // the same pipeline, the machine claim rules instead of the session ones.
    Benchmark("verify/m2m-cold") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.coldVerifier.verify(f.m2mToken, accepting: .m2mToken))
        }
    }

    Benchmark("verify/m2m-warm") { benchmark in
        let f = fixture
        _ = try f.verifier.verify(f.m2mToken, accepting: .m2mToken)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.verifier.verify(f.m2mToken, accepting: .m2mToken))
        }
    }

    // verify/warm against a non-empty revocation list (issue 14: at most 1.2 x verify/warm, no allocation).
    Benchmark("verify/warm-revocations") { benchmark in
        let f = fixture
        _ = try f.revokingVerifier.verify(f.token)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.revokingVerifier.verify(f.token))
        }
    }

    // verify/warm with verification spans on (ClerkObservability.tracesVerifications), recorded by an
    // in-memory tracer that is emptied outside the measurement.
    Benchmark("verify/warm-traced") { benchmark in
        let f = fixture
        _ = try f.tracedVerifier.verify(f.token)
        _ = f.tracer.popFinishedSpans()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.tracedVerifier.verify(f.token))
        }
        benchmark.stopMeasurement()
        _ = f.tracer.popFinishedSpans()
    }

    // The failure paths run on the cache-off verifier, like verify/cold: the cache never holds a failure,
    // so with it on they would only add a miss lookup that the valid line they are compared with lacks.
    Benchmark("verify/bad-signature") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            do { blackHole(try f.coldVerifier.verify(f.badSignatureToken)) } catch { blackHole(error) }
        }
    }

    Benchmark("verify/expired") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            do { blackHole(try f.coldVerifier.verify(f.expiredToken)) } catch { blackHole(error) }
        }
    }

    Benchmark("verify/unknown-kid") { benchmark in
        // A static key set: the synchronous verify never fetches, as with a remote source whose
        // unknown-kid cooldown is active. Fixture.check() asserted the outcome (.keyIDMismatch).
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            do { blackHole(try f.verifier.verify(f.unknownKeyIDToken)) } catch { blackHole(error) }
        }
    }

    Benchmark("verify/cold-2-tasks") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        await inTwoTasks(benchmark.scaledIterations.count) { _ in
            blackHole(try? f.coldVerifier.verify(f.token))
        }
    }

    Benchmark("verify/warm-1-task") { benchmark in
        // The one-task side of warm-2-tasks-vs-1-task: the same hits, iteration length and fork and join, in
        // one task on one worker. (`verify/warm` times blocks of a thousand hits on the harness's thread: on a
        // noisy machine the fastest of those short blocks is luckier than the fastest of 64 000-hit blocks.)
        let f = fixture
        let verifier = f.verifier
        let token = f.token
        _ = try verifier.verify(token)
        benchmark.startMeasurement()
        await inOneTask(benchmark.scaledIterations.count * forkJoinRounds) { _ in
            blackHole(try? verifier.verify(token))
        }
    }

    Benchmark("verify/warm-2-tasks") { benchmark in
        // One token, received twice: each task holds its own String of it, as each request of a server holds
        // the text it read from its own header. (One String shared by both tasks would also measure that
        // String's reference count, an atomic on one cache line the caller owns; `ProfileVerify
        // scaling-warm` still reports that variant.)
        // The verifier is read out of the fixture once, as a server's middleware holds its own: read on every
        // call, the fixture's property would add one retain and release of the verifier's shared storage per
        // verification, from both cores on one reference count (a cost of this harness, not of a server, whose
        // requests are tens of microseconds apart).
        let f = fixture
        let verifier = f.verifier
        let token = f.token
        let copy = String(decoding: Array(f.token.utf8), as: UTF8.self)
        _ = try verifier.verify(token)
        benchmark.startMeasurement()
        await inTwoTasks(benchmark.scaledIterations.count * forkJoinRounds) { task in
            blackHole(try? verifier.verify(task == 0 ? token : copy))
        }
    }

    // MARK: Stages

    Benchmark("parse/header") { benchmark in
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.coldVerifier.parseHeaderForBenchmarking(f.token))
        }
    }

    Benchmark("parse/claims") { benchmark in
        // Payload base64url + strict JSON + every claim rule: no header, no signature.
        let f = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try f.coldVerifier.parseClaimsForBenchmarking(f.token))
        }
    }

    Benchmark("keys/jwks-parse") { benchmark in
        // Five 2048-bit keys: strict JSON, key policy, and one OpenSSL EVP_PKEY per key.
        let jwks = fiveKeyJWKS
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try SessionKeySet(jwksText: jwks, issuer: "https://clerk.example.test"))
        }
    }

    Benchmark("keys/lookup-2-tasks") { benchmark in
        // The hot-path key read under contention: the store's snapshot, then the kid.
        let f = fixture
        let store = f.verifier.keyStore
        let kid = f.issuer.currentKey.keyID
        benchmark.startMeasurement()
        await inTwoTasks(benchmark.scaledIterations.count * forkJoinRounds) { _ in
            blackHole(store.currentKeySet?.key(forKeyID: kid))
        }
    }

    Benchmark("harness/fork-join") { benchmark in
        // What one iteration of a two-task benchmark costs besides its operations: the fork onto the two
        // workers and the join, once an iteration (compare.py counts it as one operation).
        benchmark.startMeasurement()
        await inTwoTasks(2) { _ in blackHole(0) }
    }

    // MARK: Framework

    // The pair: HummingbirdTesting's in-process client, warm token.
    Benchmark("middleware/hummingbird-none") { benchmark in
        try await testApplicationWithoutMiddleware.measure(benchmark, expecting: .noContent)
    }

    Benchmark("middleware/hummingbird") { benchmark in
        // .ok: the middleware signed the request in.
        try await testApplicationWithMiddleware.measure(benchmark, expecting: .ok)
    }

    // A stricter pair, reported as a detail: the router's responder called directly (no request or
    // response plumbing at all), so the middleware's own cost is the whole difference.
    Benchmark("middleware/hummingbird-responder-none") { benchmark in
        let route = routeWithoutMiddleware
        let status = try await route.respond()
        precondition(status == .noContent)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await route.respond())
        }
    }

    Benchmark("middleware/hummingbird-responder") { benchmark in
        let route = routeWithMiddleware
        let status = try await route.respond()
        precondition(status == .ok, "the middleware did not sign the request in")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await route.respond())
        }
    }
}
