import AsyncHTTPClient
import ClerkAuthentication
import ClerkSession
import Logging
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Keys from any JWKS URL (no authentication), e.g. a Frontend API `/.well-known/jwks.json`.
///
/// The body is capped at 256 KiB (streamed and aborted beyond), the fetch is time-limited (5 s by
/// default), and redirects are refused: a 3xx answer, or an answer that the `HTTPClient` reached by
/// following a redirect, is a failure (`jwk-remote-failed-to-load`). Non-2xx answers pass `Retry-After`
/// on to the key store. An unusable document is `jwk-remote-invalid`.
public struct JWKSURLKeySource: SessionKeySource {
    /// The JWKS URL.
    public let url: String
    /// The issuer the keys belong to, when known (keys are then scoped to it).
    public let issuer: String?
    /// The time limit of one fetch.
    public let timeout: Duration
    let httpClient: HTTPClient
    let logger: Logger
    /// Where the fetch's client span and request metrics go.
    let observability: ClerkObservability

    /// A source fetching `url`.
    ///
    /// - Parameters:
    ///   - url: the JWKS URL (http or https).
    ///   - issuer: the expected `iss` of tokens signed by these keys, when known.
    ///   - httpClient: the client to fetch with; by default a shared one that never follows redirects. A
    ///     client you pass stays yours to shut down.
    ///   - timeout: the time limit of one fetch's answer head, and again of its body.
    ///   - observability: where the fetch's client span and request metrics go.
    public init(
        url: String, issuer: String? = nil,
        httpClient: HTTPClient = RemoteKeySourceDefaults.noRedirectsHTTPClient,
        timeout: Duration = RemoteKeySourceDefaults.timeout,
        logger: Logger = Logger(label: "clerk.backend.keys"), observability: ClerkObservability = .global
    ) {
        self.url = url
        self.issuer = issuer
        self.httpClient = httpClient
        self.timeout = timeout
        self.logger = logger
        self.observability = observability
    }

    /// Remote keys change: the store refreshes them.
    public var isRefreshable: Bool { true }
    /// `JWKS URL <url>`.
    public var description: String { "JWKS URL \(url)" }

    /// Fetches and parses the JWKS.
    public func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        let bytes = try await fetchBytes()
        do {
            return try SessionKeySet(jwks: bytes, issuer: issuer, isRemote: true, logger: logger)
        } catch {
            throw KeyFetchError(ClerkVerificationError(.remoteKeysInvalid, error.message))
        }
    }

    private func fetchBytes() async throws(KeyFetchError) -> [UInt8] {
        func failure(_ message: String, retryAfter: Duration? = nil) -> KeyFetchError {
            KeyFetchError(
                ClerkVerificationError(.remoteKeysFailedToLoad, "\(message) (\(url))"), retryAfter: retryAfter)
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: ClerkBackendClient.userAgent)
        let answer: ClerkHTTPTransport.Answer
        do {
            answer = try await ClerkHTTPTransport(httpClient: httpClient, logger: logger, observability: observability)
                .execute(
                    request, operation: .jwksURL, timeout: timeout,
                    maximumResponseBytes: RemoteKeySourceDefaults.maximumBodyBytes,
                    metadata: ["method": "GET", "jwks_url": "\(url)"])
        } catch {
            throw failure("the JWKS fetch failed: \(error.kind): \(error.message)")
        }
        guard (200..<300).contains(answer.status) else {
            let retryAfter = RetryAfter.seconds(
                answer.headers.first(name: "Retry-After"), now: Date().timeIntervalSince1970)
            throw failure("the JWKS URL answered HTTP \(answer.status)", retryAfter: retryAfter.map { .seconds($0) })
        }
        return answer.body
    }
}
