import Metrics

/// swift-metrics instruments of an authenticator, created once per result value.
struct AuthenticationMetrics: Sendable {
    static let legacyResults = [
        "confirmed", "rejected", "rejected-recently", "gone", "failed", "rate-limited", "overloaded",
    ]

    private let refreshSuccesses: Counter
    private let refreshFailures: [SignedOutReason.Code: Counter]
    private let legacyVerifications: [String: Counter]

    init(factory: any MetricsFactory) {
        refreshSuccesses = Counter(
            label: "clerk_session_refreshes_total", dimensions: [("result", "success")], factory: factory)
        var failures: [SignedOutReason.Code: Counter] = [:]
        for code in SignedOutReason.Code.refreshCodes {
            // The code without its `refresh-` prefix, as the counter has always been labelled.
            let value = String(code.rawValue.dropFirst("refresh-".count))
            failures[code] = Counter(
                label: "clerk_session_refreshes_total", dimensions: [("result", value)], factory: factory)
        }
        var legacy: [String: Counter] = [:]
        for result in Self.legacyResults {
            legacy[result] = Counter(
                label: "clerk_session_legacy_verifications_total", dimensions: [("result", result)],
                factory: factory)
        }
        self.refreshFailures = failures
        self.legacyVerifications = legacy
    }

    /// Counts one refresh outcome: nil for a success, else the reason code of the failure.
    func refresh(_ failure: SignedOutReason.Code?) {
        guard let failure else {
            refreshSuccesses.increment()
            return
        }
        refreshFailures[failure]?.increment()
    }

    /// Counts one legacy verify outcome.
    func legacy(_ result: String) { legacyVerifications[result]?.increment() }
}
