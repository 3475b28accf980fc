import ClerkBackend
import ClerkSession
import NIOCore
import NIOHTTP1
import NIOPosix

/// A fake of Clerk's Backend API (and the Frontend API JWKS) for tests: real HTTP/1.1 on 127.0.0.1 with
/// an ephemeral port, an in-memory session store, and real RS256 tokens minted by a ``TestIssuer``.
///
/// ```swift
/// let issuer = TestIssuer()
/// let server = try await FakeClerkServer.start(issuer: issuer)
/// defer { Task { try await server.shutdown() } }   // or call shutdown() at the end of the test
/// let client = ClerkBackendClient(configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL))
/// let (session, refreshToken) = server.createSession(userID: "user_1")
/// let fetched = try await client.sessions.get(session.id)
/// ```
///
/// Endpoints (all `/v1` paths require `Authorization: Bearer <secretKey>`, else 401 `clerk_key_invalid`):
/// `GET/POST /v1/sessions`, `GET /v1/sessions/{id}`, `POST /v1/sessions/{id}/refresh`, `/revoke`, `/verify`,
/// `/tokens`, `/tokens/{template}`, `GET /v1/jwks`, and `GET /.well-known/jwks.json` (no authentication);
/// and the unversioned machine-token verify endpoints `POST /m2m_tokens/verify` (secret key or the machine
/// secret key), `POST /api_keys/verify` and `POST /oauth_applications/access_tokens/verify` (secret key),
/// for tokens minted with ``mintM2MToken(machineID:scopes:claims:lifetime:)``,
/// ``mintAPIKey(subject:name:scopes:claims:lifetime:)`` and
/// ``mintOAuthAccessToken(userID:clientID:scopes:lifetime:)``.
/// Errors use Clerk's envelope (`{"errors":[{message,long_message,code}],"clerk_trace_id":…}`).
///
/// Refresh checks that the expired token is signed by one of the issuer's published keys (expiry ignored)
/// and carries `sid` = the path id, that the refresh token is the one issued for the session
/// (``refreshToken(forSession:)``) and that the session is active; otherwise 401. `verify` answers 410
/// `operation_deprecated` unless the server was started with `legacyVerify: true`.
///
/// Test hooks: ``injectFault(path:method:status:body:headers:delay:bodyDelay:count:)`` (canned answers, delays longer
/// than a client's timeout, bodies that stall after the head, truncated or oversized bodies), ``rotateKey(keyID:keepPrevious:)``, and the
/// log of seen ``requests``. The server is thread-safe. Its event loops are NIO's process-wide singleton
/// group; ``shutdown()`` closes the listening socket and open connections.
public final class FakeClerkServer: Sendable {
    /// A base URL where nothing listens: port 1 on 127.0.0.1, which no ephemeral bind is given, so a
    /// connection is refused whatever other tests run beside. (A port that a test bound and released can be
    /// handed to another test's server a moment later.)
    public static let refusedBaseURL = "http://127.0.0.1:1"

    /// The secret key the server accepts by default.
    public static let defaultSecretKey = "sk_test_fake_2c0ffee0000000000000000000000000"

    /// The test instance whose keys sign tokens and whose JWKS is served.
    public let issuer: TestIssuer
    /// The secret key `/v1` requests must carry.
    public let secretKey: String
    /// The TCP port on 127.0.0.1.
    public let port: Int
    let core: FakeClerkCore
    private let channel: any Channel

    private init(issuer: TestIssuer, secretKey: String, port: Int, core: FakeClerkCore, channel: any Channel) {
        self.issuer = issuer
        self.secretKey = secretKey
        self.port = port
        self.core = core
        self.channel = channel
    }

    /// Starts a server on 127.0.0.1 with an ephemeral port.
    ///
    /// - Parameters:
    ///   - issuer: the instance that signs tokens (a fresh one by default).
    ///   - secretKey: the key required on `/v1` paths.
    ///   - legacyVerify: makes the deprecated verify endpoint work instead of answering 410.
    ///   - machineSecretKey: a machine secret key `POST /m2m_tokens/verify` accepts besides `secretKey`.
    ///   - machineRejectionStyle: how the machine-token verify endpoints answer for a revoked or expired
    ///     token (flags in a 200 answer by default).
    public static func start(
        issuer: TestIssuer = TestIssuer(), secretKey: String = FakeClerkServer.defaultSecretKey,
        legacyVerify: Bool = false, machineSecretKey: String? = nil,
        machineRejectionStyle: MachineRejectionStyle = .flagsIn200
    ) async throws -> FakeClerkServer {
        let core = FakeClerkCore(
            issuer: issuer, secretKey: secretKey, legacyVerify: legacyVerify, machineSecretKey: machineSecretKey,
            machineRejectionStyle: machineRejectionStyle)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeClerkHTTPHandler(core: core))
                    let id = ObjectIdentifier(channel)
                    core.state.withLock { $0.channels[id] = channel }
                    channel.closeFuture.whenComplete { _ in
                        core.state.withLock { _ = $0.channels.removeValue(forKey: id) }
                    }
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return FakeClerkServer(issuer: issuer, secretKey: secretKey, port: port, core: core, channel: channel)
    }

    /// `http://127.0.0.1:<port>`: the base URL for ``ClerkBackend/ClerkBackendClient/Configuration/baseURL``.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `<baseURL>/.well-known/jwks.json`: the Frontend API JWKS (no authentication).
    public var jwksURL: String { baseURL + "/.well-known/jwks.json" }

    /// Stops listening and closes open connections.
    public func shutdown() async throws {
        let open = core.state.withLock { Array($0.channels.values) }
        for child in open { try? await child.close() }
        try await channel.close()
    }

    // MARK: Test hooks

    /// Answers the next `count` requests to `path` (exact, without query; any method unless given) with
    /// `status`, `body` and `headers` after `delay`, before authentication and routing.
    ///
    /// A delay longer than the client's timeout provokes a timeout; the body may be anything (truncated
    /// JSON, HTML, a huge document). A `Location` header with a 3xx status makes a redirect.
    ///
    /// With a `bodyDelay`, the head (with the full `Content-Length`) and the first half of the body are
    /// sent after `delay`, and the rest `bodyDelay` later: a server that stalls mid-body.
    public func injectFault(
        path: String, method: String? = nil, status: Int, body: String = "",
        headers: [(String, String)] = [], delay: Duration = .zero, bodyDelay: Duration = .zero, count: Int = 1
    ) {
        let fault = Fault(
            path: path, method: method, status: status, body: Array(body.utf8), headers: headers,
            delay: delay, bodyDelay: bodyDelay, remaining: max(1, count))
        core.state.withLock { $0.faults.append(fault) }
    }

    /// Removes every pending fault.
    public func clearFaults() {
        core.state.withLock { $0.faults.removeAll() }
    }

    /// Rotates the issuer's signing key (see ``TestIssuer/rotateKey(keyID:keepPrevious:signingKey:)``); the
    /// JWKS endpoints serve the new set at once.
    @discardableResult
    public func rotateKey(keyID: String? = nil, keepPrevious: Bool = false) -> TestIssuer.PublishedKey {
        issuer.rotateKey(keyID: keyID, keepPrevious: keepPrevious)
    }

    /// Every request seen so far, in arrival order.
    public var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// Forgets the requests seen so far.
    public func clearRequests() {
        core.state.withLock { $0.requests.removeAll() }
    }

    /// Adds an active session to the store, as if the user had signed in; returns it and its refresh token.
    @discardableResult
    public func createSession(
        userID: String = "user_2test",
        activeOrganizationID: String? = nil
    ) -> (session: ClerkSessionObject, refreshToken: String) {
        let stored = core.createSession(userID: userID, activeOrganizationID: activeOrganizationID)
        return (stored.session, stored.refreshToken)
    }

    /// The stored session `id`, in its current state.
    public func session(id: String) -> ClerkSessionObject? { core.stored(id)?.session }

    /// The refresh token issued for session `id` (what the `__refresh_<suffix>` cookie would hold).
    public func refreshToken(forSession id: String) -> String? { core.stored(id)?.refreshToken }

    /// A session token for the stored session `id` (nil when unknown), signed with the current key.
    ///
    /// - Parameters:
    ///   - issuedAt: the `iat` in Unix seconds (default: the issuer's clock); an old one makes an expired token.
    ///   - lifetime: seconds from `iat` to `exp` (default ``TestIssuer/defaultSessionLifetime``).
    public func sessionToken(
        forSession id: String, issuedAt: Double? = nil, lifetime: Double = TestIssuer.defaultSessionLifetime
    ) -> String? {
        guard let stored = core.stored(id) else { return nil }
        return issuer.sessionToken(userID: stored.session.userID, sessionID: id, issuedAt: issuedAt, lifetime: lifetime)
    }
}
