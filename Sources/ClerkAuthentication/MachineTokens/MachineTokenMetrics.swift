import ClerkSession
import Metrics

/// swift-metrics instruments of the opaque machine-token path (``MachineTokenLimits``), created once per kind
/// and result: every verification by kind and what it came to, and the answer cache's hits and misses.
struct MachineTokenMetrics: Sendable {
    /// What one opaque machine-token verification came to (the `result` dimension).
    enum Result: String, CaseIterable, Sendable {
        /// Clerk (or the cache) accepted the token.
        case verified
        /// Clerk (or the cache) refused the token: revoked, expired, unknown.
        case rejected
        /// Refused before any call: its prefix, length or alphabet.
        case malformed
        /// Not judged: the rate limit on calls to Clerk was reached.
        case rateLimited = "rate-limited"
        /// Not judged: the cap on calls in flight was reached.
        case overloaded
        /// Not judged: Clerk could not be asked or did not answer (transport, timeout, 5xx, 429, 401/403).
        case unavailable
    }

    /// The opaque kinds, in the order of ``verifications``' rows.
    static let kinds: [ClerkTokenKind] = [.m2mToken, .apiKey, .oauthToken]

    /// Row `kind`, column `result`: `kinds.count × Result.allCases.count` counters.
    private let verifications: [Counter]
    private let cacheHits: Counter
    private let cacheMisses: Counter

    init(factory: any MetricsFactory) {
        var counters: [Counter] = []
        for kind in Self.kinds {
            for result in Result.allCases {
                counters.append(
                    Counter(
                        label: "clerk_machine_token_verifications_total",
                        dimensions: [("kind", kind.rawValue), ("result", result.rawValue)], factory: factory))
            }
        }
        verifications = counters
        cacheHits = Counter(label: "clerk_machine_token_cache_total", dimensions: [("result", "hit")], factory: factory)
        cacheMisses = Counter(
            label: "clerk_machine_token_cache_total", dimensions: [("result", "miss")], factory: factory)
    }

    /// Counts one verification of `kind` (a session token is not opaque and is not counted here).
    func record(_ kind: ClerkTokenKind, _ result: Result) {
        guard let row = Self.kinds.firstIndex(of: kind), let column = Result.allCases.firstIndex(of: result) else {
            return
        }
        verifications[row * Result.allCases.count + column].increment()
    }

    /// Counts one cache lookup.
    func recordCache(hit: Bool) { (hit ? cacheHits : cacheMisses).increment() }
}
