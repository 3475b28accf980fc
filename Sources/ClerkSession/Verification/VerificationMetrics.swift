import Metrics

/// swift-metrics instruments of a verifier, created once (a rejection costs a dictionary read, not a
/// new handle from the metrics factory).
struct VerificationMetrics: Sendable {
    let verified = Counter(label: "clerk_session_verifications_total", dimensions: [("outcome", "verified")])
    let cacheHits = Counter(label: "clerk_session_token_cache_total", dimensions: [("result", "hit")])
    let cacheMisses = Counter(label: "clerk_session_token_cache_total", dimensions: [("result", "miss")])
    private let failures: [ClerkVerificationError.Code: Counter]

    init() {
        var failures: [ClerkVerificationError.Code: Counter] = [:]
        for code in ClerkVerificationError.Code.allDocumented {
            failures[code] = Self.failureCounter(code)
        }
        self.failures = failures
    }

    private static func failureCounter(_ code: ClerkVerificationError.Code) -> Counter {
        let outcome = ClerkVerificationError(code, "").isKeyUnavailable ? "keys-unavailable" : "rejected"
        return Counter(
            label: "clerk_session_verifications_total", dimensions: [("outcome", outcome), ("reason", code.rawValue)])
    }

    func record(_ error: ClerkVerificationError) {
        // Every code is in `allDocumented` (a closed set), so the fallback never runs; it keeps this total.
        (failures[error.code] ?? Self.failureCounter(error.code)).increment()
    }
}
