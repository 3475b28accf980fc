import Metrics

/// swift-metrics instruments of an authenticator, created once per result value.
struct AuthenticationMetrics: Sendable {
    static let refreshResults = [
        "success", SignedOutReason.refreshNotGET, SignedOutReason.refreshNoCookie, SignedOutReason.refreshNoBackend,
        SignedOutReason.refreshNoSessionID, SignedOutReason.refreshNoOrigin, SignedOutReason.refreshRejected,
        SignedOutReason.refreshRejectedRecently, SignedOutReason.refreshRateLimited, SignedOutReason.refreshOverloaded,
        SignedOutReason.refreshFailed, SignedOutReason.refreshUnexpectedAnswer, SignedOutReason.refreshInvalidToken,
    ]
    static let legacyResults = ["confirmed", "rejected", "rejected-recently", "gone", "failed", "rate-limited", "overloaded"]

    private let refreshes: [String: Counter]
    private let legacyVerifications: [String: Counter]

    init() {
        var refreshes: [String: Counter] = [:]
        for result in Self.refreshResults {
            // `result` without the `refresh-` prefix, as the counter has always been labelled.
            let value = result.hasPrefix("refresh-") ? String(result.dropFirst("refresh-".count)) : result
            refreshes[result] = Counter(label: "clerk_session_refreshes_total", dimensions: [("result", value)])
        }
        var legacy: [String: Counter] = [:]
        for result in Self.legacyResults {
            legacy[result] = Counter(label: "clerk_session_legacy_verifications_total", dimensions: [("result", result)])
        }
        self.refreshes = refreshes
        self.legacyVerifications = legacy
    }

    /// Counts one refresh outcome: `"success"` or a `refresh-…` reason code (the package's own constants).
    func refresh(_ result: String) { refreshes[result]?.increment() }

    /// Counts one legacy verify outcome.
    func legacy(_ result: String) { legacyVerifications[result]?.increment() }
}
