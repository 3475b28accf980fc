import ClerkAuthentication

extension ClerkBackendClient {
    /// Everything the client needs to reach Clerk's Backend API.
    ///
    /// The secret key and the machine secret key are redacted from ``description``, ``debugDescription`` and
    /// reflection (`dump`).
    public struct Configuration: Sendable {
        /// The default base URL, without the `/v1` path version (the client appends it).
        public static let defaultBaseURL = "https://api.clerk.com"
        /// The dated API version sent in `Clerk-API-Version` by default.
        public static let defaultAPIVersion = "2025-11-10"

        /// The instance's secret key (`sk_test_…` / `sk_live_…`), sent as `Authorization: Bearer <key>`.
        public var secretKey: String
        /// The base URL without `/v1`, e.g. `https://api.clerk.com` or a local fake server.
        public var baseURL: String
        /// The `Clerk-API-Version` header value; `nil` sends no header (Clerk then uses the instance default).
        public var apiVersion: String?
        /// The `User-Agent` header value.
        public var userAgent: String
        /// The time limit of each request attempt: connecting, sending and the answer's head within it, then
        /// the answer's body within it again (an attempt ends within twice this, even when Clerk stalls).
        public var timeout: Duration
        /// When and how idempotent requests are retried.
        public var retryPolicy: RetryPolicy
        /// Allows the deprecated `POST /v1/sessions/{id}/verify`; off by default (the call then throws
        /// ``ClerkAPIError/Kind-swift.struct/deprecatedEndpointDisabled`` without sending anything).
        public var allowsLegacyVerify: Bool
        /// The largest response body accepted from API calls (default 1 MiB); a larger one is refused.
        public var maximumResponseBytes: Int
        /// A machine secret key, sent instead of ``secretKey`` by `POST /m2m_tokens/verify` (Clerk then
        /// verifies only M2M tokens granted access to that machine); nil (or empty) sends the instance secret key.
        /// Nothing else uses it. Redacted like the secret key.
        public var machineSecretKey: String?

        /// A configuration for `secretKey`, with Clerk's defaults for everything else.
        public init(
            secretKey: String, baseURL: String = Configuration.defaultBaseURL,
            apiVersion: String? = Configuration.defaultAPIVersion,
            userAgent: String = ClerkBackendClient.userAgent, timeout: Duration = .seconds(10),
            retryPolicy: RetryPolicy = RetryPolicy(), allowsLegacyVerify: Bool = false,
            maximumResponseBytes: Int = 1 << 20, machineSecretKey: String? = nil
        ) {
            self.secretKey = secretKey
            self.baseURL = baseURL
            self.apiVersion = apiVersion
            self.userAgent = userAgent
            self.timeout = timeout
            self.retryPolicy = retryPolicy
            self.allowsLegacyVerify = allowsLegacyVerify
            self.maximumResponseBytes = maximumResponseBytes
            self.machineSecretKey = machineSecretKey
        }

        /// The base URL with trailing slashes removed.
        var normalizedBaseURL: String {
            var url = baseURL
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }

        /// The secret key reduced to its kind: `sk_test_***`, `sk_live_***`, or `***`.
        var redactedSecretKey: String { SecretRedaction.label(for: secretKey) }

        /// The machine secret key reduced to its kind (`ak_***` or `***`), or `none`.
        var redactedMachineSecretKey: String { machineSecretKey.map(SecretRedaction.label(for:)) ?? "none" }
    }
}

extension ClerkBackendClient.Configuration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A summary with the secret keys redacted.
    public var description: String {
        "Configuration(baseURL: \(baseURL), apiVersion: \(apiVersion ?? "none"), secretKey: \(redactedSecretKey), "
            + "machineSecretKey: \(redactedMachineSecretKey), timeout: \(timeout), "
            + "allowsLegacyVerify: \(allowsLegacyVerify))"
    }
    /// Same as ``description``: the secret keys are redacted.
    public var debugDescription: String { description }
    /// A reflection with the secret keys redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "secretKey": redactedSecretKey,
                "baseURL": baseURL,
                "apiVersion": apiVersion as Any,
                "userAgent": userAgent,
                "timeout": timeout,
                "retryPolicy": retryPolicy,
                "allowsLegacyVerify": allowsLegacyVerify,
                "maximumResponseBytes": maximumResponseBytes,
                "machineSecretKey": redactedMachineSecretKey,
            ], displayStyle: .struct)
    }
}
