import AsyncHTTPClient
import ClerkAuthentication
import ClerkSession
import Logging

/// A typed client for Clerk's Backend API (`https://api.clerk.com/v1`): the Sessions resource and the
/// instance JWKS.
///
/// ```swift
/// let client = ClerkBackendClient(configuration: .init(secretKey: secretKey))
/// let session = try await client.sessions.get("sess_123")
/// ```
///
/// ## HTTP client lifetime
/// The client does not own an event loop or a connection pool: it sends every request through the
/// ``httpClient`` it was given (``AsyncHTTPClient/HTTPClient/shared`` by default, which lives for the whole
/// process and must not be shut down). When you pass your own `HTTPClient`, you own it: keep it alive while
/// the Clerk client is in use and call `shutdown()` on it afterwards. Tests should create their own
/// `HTTPClient` and shut it down, or use `.shared`.
///
/// For API calls, prefer an `HTTPClient` configured with `redirectConfiguration: .disallow`: the Backend API
/// never redirects, and a redirected answer is refused (``ClerkAPIError/Kind-swift.struct/invalidResponse``).
///
/// ## Secrets
/// The secret key is sent only in the `Authorization` header. It never appears in ``description``,
/// ``debugDescription``, a reflection of the client, an error, or a log line.
public struct ClerkBackendClient: Sendable {
    /// The version of this library, sent in the `User-Agent` header.
    public static let libraryVersion = "0.1.0"
    /// The default `User-Agent`: `swift-clerk-session/<version>`.
    public static let userAgent = "swift-clerk-session/\(libraryVersion)"

    /// How the client talks to Clerk.
    public let configuration: Configuration
    /// The HTTP client used for every request (owned by the caller, see the type's documentation).
    public let httpClient: HTTPClient
    /// Receives one debug line per request (method, path, status; never headers, bodies or the key).
    let logger: Logger
    /// Where the span and the metrics of each request go.
    public let observability: ClerkObservability
    /// Where ``Sessions-swift.struct/revoke(_:)`` records the sessions it revokes (usually your verifier's
    /// ``ClerkSession/SessionTokenVerifier/revocations``), if anywhere.
    public let revocations: (any SessionRevocationList)?

    /// A client for the Backend API.
    ///
    /// - Parameters:
    ///   - configuration: the secret key, base URL, API version, timeout and retry policy.
    ///   - httpClient: the HTTP client to send requests with; the caller owns its lifetime.
    ///   - logger: where request summaries go (debug level) and retries (notice level).
    ///   - observability: where each request's client span and metrics go (the process-wide backends by
    ///     default; see the Observability article of ClerkSession).
    ///   - revocations: where revoked sessions are recorded once Clerk confirms (see ``revocations``).
    public init(
        configuration: Configuration, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "clerk.backend"), observability: ClerkObservability = .global,
        revocations: (any SessionRevocationList)? = nil
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.observability = observability
        self.revocations = revocations
    }
}

extension ClerkBackendClient: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A summary without the secret key.
    public var description: String { "ClerkBackendClient(\(configuration.description))" }
    /// Same as ``description``: the secret key is redacted.
    public var debugDescription: String { description }
    /// A reflection that shows the configuration with the secret key redacted.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration], displayStyle: .struct)
    }
}
