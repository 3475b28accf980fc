import ClerkSession
import NIOHTTP1

/// Keys from Clerk's Backend API, `GET {base}/v1/jwks`, authenticated with the client's secret key.
///
/// - A 401/403 whose errors carry `clerk_key_invalid` → `secret-key-invalid`.
/// - Any other failure (status, transport, timeout, redirect, body over 256 KiB) → `jwk-remote-failed-to-load`,
///   with `Retry-After` passed on in ``ClerkSession/KeyFetchError/retryAfter``.
/// - A malformed document or one without a usable key → `jwk-remote-invalid`.
///
/// The fetch is not retried here (the key store has its own backoff), is time-limited (5 s by default)
/// and uses the client's `HTTPClient`; a redirected answer is refused.
public struct BackendAPIKeySource: SessionKeySource {
    /// The Backend API client (its secret key authenticates the fetch).
    public let client: ClerkBackendClient
    /// The issuer the keys belong to, when known (keys are then scoped to it).
    public let issuer: String?
    /// The time limit of one fetch.
    public let timeout: Duration

    /// A source fetching `GET /v1/jwks` through `client`.
    public init(client: ClerkBackendClient, issuer: String? = nil, timeout: Duration = RemoteKeySourceDefaults.timeout)
    {
        self.client = client
        self.issuer = issuer
        self.timeout = timeout
    }

    /// Remote keys change: the store refreshes them.
    public var isRefreshable: Bool { true }
    /// `Backend API JWKS <base>/v1/jwks` (never the secret key).
    public var description: String { "Backend API JWKS \(client.configuration.normalizedBaseURL)/v1/jwks" }

    /// Fetches and parses the JWKS.
    public func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        var request = APIRequest(.jwks, .GET, ["jwks"], allowsRetries: false)
        request.timeout = timeout
        request.maximumResponseBytes = RemoteKeySourceDefaults.maximumBodyBytes
        let bytes: [UInt8]
        do {
            bytes = try await client.send(request).body
        } catch {
            if let status = error.status, status == 401 || status == 403,
                error.errors.contains(where: { $0.code == "clerk_key_invalid" })
            {
                throw KeyFetchError(
                    ClerkVerificationError(
                        .secretKeyInvalid,
                        "the Backend API refused the secret key (HTTP \(status), clerk_key_invalid)"))
            }
            throw KeyFetchError(
                ClerkVerificationError(.remoteKeysFailedToLoad, "GET /v1/jwks failed: \(error.description)"),
                retryAfter: error.retryAfter)
        }
        do {
            return try SessionKeySet(jwks: bytes, issuer: issuer, isRemote: true, logger: client.logger)
        } catch {
            throw KeyFetchError(ClerkVerificationError(.remoteKeysInvalid, error.message))
        }
    }
}
