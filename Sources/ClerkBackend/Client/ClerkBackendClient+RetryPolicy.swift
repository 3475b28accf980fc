import ClerkAuthentication

extension ClerkBackendClient {
    /// Retries of idempotent requests (`GET`: list, get, jwks) after 429, 502, 503, 504 or a transport
    /// failure. Writes (create, refresh, revoke, verify, token minting) are never retried.
    ///
    /// The delay is exponential with jitter, `baseDelay · 2^attempt` scaled by a random factor in
    /// `0.5…1`, at most ``maximumDelay``. A `Retry-After` answer is honoured as given when it is at most
    /// ``maximumRetryAfter``; a longer one ends the retries and the error is returned to the caller.
    /// Timeouts are not retried (each attempt already waited the full timeout).
    public struct RetryPolicy: Sendable {
        /// Retries after the first attempt (default 2, so at most 3 requests).
        public var maximumRetries: Int
        /// The first backoff delay.
        public var baseDelay: Duration
        /// The largest backoff delay.
        public var maximumDelay: Duration
        /// The longest `Retry-After` that is waited for; beyond it the error is returned at once.
        public var maximumRetryAfter: Duration
        /// Waits between attempts; replace it in tests to avoid real sleeps (it may record the delays).
        public var sleep: @Sendable (Duration) async throws -> Void

        /// A policy; the defaults are 2 retries, 250 ms base, 4 s cap, `Retry-After` honoured up to 10 s.
        public init(
            maximumRetries: Int = 2, baseDelay: Duration = .milliseconds(250),
            maximumDelay: Duration = .seconds(4), maximumRetryAfter: Duration = .seconds(10),
            sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        ) {
            self.maximumRetries = max(0, maximumRetries)
            self.baseDelay = baseDelay
            self.maximumDelay = maximumDelay
            self.maximumRetryAfter = maximumRetryAfter
            self.sleep = sleep
        }

        /// No retries at all.
        public static var none: RetryPolicy { RetryPolicy(maximumRetries: 0) }

        /// HTTP statuses worth retrying for an idempotent request.
        public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

        /// The delay before retry number `attempt + 1` after `error`, or nil when it must not be retried.
        func delay(after error: ClerkAPIError, attempt: Int) -> Duration? {
            guard attempt < maximumRetries else { return nil }
            switch error.kind {
            case .transport:
                break
            case .http:
                guard let status = error.status, Self.retryableStatuses.contains(status) else { return nil }
            default:
                return nil
            }
            if let retryAfter = error.retryAfter {
                let wait = max(.zero, retryAfter)
                return wait <= maximumRetryAfter ? wait : nil
            }
            let exponent = min(attempt, 30)
            var backoff = baseDelay * (1 << exponent)
            if backoff > maximumDelay { backoff = maximumDelay }
            return backoff * Double.random(in: 0.5...1.0)
        }
    }
}
