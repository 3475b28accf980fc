import Benchmark

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Every benchmark does a thousand operations per measured iteration (`scalingFactor: .kilo`), so per-operation
// numbers are the per-iteration ones divided by 1000 (Benchmarks/compare does that).

/// `CLERK_BENCH_QUICK=1` (set by `Benchmarks/compare --quick`): few iterations, for CI.
public let quick = ProcessInfo.processInfo.environment["CLERK_BENCH_QUICK"] != nil

/// The configuration of every benchmark target (each sets it as `Benchmark.defaultConfiguration`).
nonisolated(unsafe) public let configuration = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal],
    warmupIterations: quick ? 1 : 3,
    scalingFactor: .kilo,
    maxDuration: quick ? .milliseconds(250) : .seconds(2),
    maxIterations: quick ? 12 : 400
)
