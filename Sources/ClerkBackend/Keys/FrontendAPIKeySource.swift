import AsyncHTTPClient
import ClerkSession
import Logging

/// Keys from the instance's Frontend API, `https://<frontend api host>/.well-known/jwks.json`, derived
/// from the publishable key: no secret key needed. Keys are scoped to the publishable key's issuer.
public struct FrontendAPIKeySource: SessionKeySource {
    /// The underlying URL source.
    public let base: JWKSURLKeySource

    /// A source for the instance of `publishableKey` (`pk_test_…` / `pk_live_…`).
    ///
    /// - Parameters:
    ///   - publishableKey: the instance's publishable key; it gives the JWKS URL and the issuer.
    ///   - frontendAPIURL: overrides the Frontend API origin (a proxy, or a local fake in tests); the path
    ///     `/.well-known/jwks.json` is appended. The issuer stays the publishable key's.
    ///   - httpClient: by default a shared client that never follows redirects.
    ///   - timeout: the time limit of one fetch.
    ///   - observability: where the fetch's client span and request metrics go.
    /// - Throws: ``ClerkSession/ClerkVerificationError`` when the publishable key is malformed.
    public init(
        publishableKey: String, frontendAPIURL: String? = nil,
        httpClient: HTTPClient = RemoteKeySourceDefaults.noRedirectsHTTPClient,
        timeout: Duration = RemoteKeySourceDefaults.timeout,
        logger: Logger = Logger(label: "clerk.backend.keys"), observability: ClerkObservability = .global
    ) throws(ClerkVerificationError) {
        let key = try PublishableKey(publishableKey)
        var url = key.jwksURL
        if var origin = frontendAPIURL {
            while origin.hasSuffix("/") { origin.removeLast() }
            url = origin + "/.well-known/jwks.json"
        }
        self.base = JWKSURLKeySource(
            url: url, issuer: key.issuer, httpClient: httpClient, timeout: timeout, logger: logger,
            observability: observability)
    }

    /// The JWKS URL fetched.
    public var url: String { base.url }
    /// The issuer derived from the publishable key.
    public var issuer: String? { base.issuer }
    /// Remote keys change: the store refreshes them.
    public var isRefreshable: Bool { true }
    /// `Frontend API JWKS <url>`.
    public var description: String { "Frontend API JWKS \(base.url)" }

    /// Fetches and parses the JWKS (see ``JWKSURLKeySource``).
    public func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        try await base.fetchKeySet()
    }
}
