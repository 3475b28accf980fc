import Metrics

/// swift-metrics instruments of a verifier, created once (a rejection costs a dictionary read, not a
/// new handle from the metrics factory).
struct VerificationMetrics: Sendable {
    let verified: Counter
    let cacheHits: Counter
    let cacheMisses: Counter
    private let failures: [ClerkVerificationError.Code: Counter]
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
        verified = Counter(
            label: "clerk_session_verifications_total", dimensions: [("outcome", "verified")], factory: factory)
        cacheHits = Counter(label: "clerk_session_token_cache_total", dimensions: [("result", "hit")], factory: factory)
        cacheMisses = Counter(
            label: "clerk_session_token_cache_total", dimensions: [("result", "miss")], factory: factory)
        var failures: [ClerkVerificationError.Code: Counter] = [:]
        for code in ClerkVerificationError.Code.allDocumented {
            failures[code] = Self.failureCounter(code, factory: factory)
        }
        self.failures = failures
    }

    private static func failureCounter(_ code: ClerkVerificationError.Code, factory: any MetricsFactory) -> Counter {
        let outcome = ClerkVerificationError(code, "").isKeyUnavailable ? "keys-unavailable" : "rejected"
        return Counter(
            label: "clerk_session_verifications_total", dimensions: [("outcome", outcome), ("reason", code.rawValue)],
            factory: factory)
    }

    func record(_ error: ClerkVerificationError) {
        // Every code is in `allDocumented` (a closed set), so the fallback never runs; it keeps this total.
        (failures[error.code] ?? Self.failureCounter(error.code, factory: factory)).increment()
    }
}
