#if Hummingbird
import ClerkBackend
import ClerkSession
import ClerkTesting
import Synchronization

/// A key source in permanent outage: every fetch fails like an unreachable JWKS endpoint.
struct FailingKeySource: SessionKeySource {
    /// A marker that must never reach a response body.
    static let detail = "simulated JWKS outage marker-7f3a"

    func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        throw KeyFetchError(ClerkVerificationError(.remoteKeysFailedToLoad, Self.detail))
    }

    var isRefreshable: Bool { true }
    var description: String { "failing test key source" }
}

/// An in-process ``ClerkSessionBackend`` that records its calls and answers as told.
final class StubSessionBackend: ClerkSessionBackend {
    private let refreshAnswer: @Sendable (RefreshSessionRequest) -> Result<SessionRefreshResult, ClerkAPIError>
    private let log = Mutex<[String]>([])

    /// The calls received, as `refresh <sid>` / `verify <sid>`.
    var calls: [String] { log.withLock { $0 } }

    init(refreshAnswer: @escaping @Sendable (RefreshSessionRequest) -> Result<SessionRefreshResult, ClerkAPIError>) {
        self.refreshAnswer = refreshAnswer
    }

    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError) -> SessionRefreshResult {
        log.withLock { $0.append("refresh \(id)") }
        return try refreshAnswer(request).get()
    }

    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        log.withLock { $0.append("verify \(id)") }
        throw ClerkAPIError(kind: .endpointGone, status: 410, message: "the verify endpoint is retired")
    }

    /// A backend whose refresh mints a fresh token and answers with Clerk's `Set-Cookie` directives.
    static func refreshing(with issuer: TestIssuer) -> StubSessionBackend {
        StubSessionBackend { request in
            let sid = SessionTokenVerifier.unverifiedSessionID(of: request.expiredToken) ?? "sess_unknown"
            let fresh = issuer.sessionToken(userID: "user_refreshed", sessionID: sid)
            return .success(.cookies(["__session=\(fresh); Path=/; Secure; SameSite=Lax",
                                      "__client_uat=\(Int(issuer.clock.now())); Path=/; Secure; SameSite=Lax"]))
        }
    }

    /// A backend whose refresh is refused (the session ended).
    static func rejecting() -> StubSessionBackend {
        StubSessionBackend { _ in
            .failure(ClerkAPIError(kind: .http, status: 401,
                                   errors: [.init(message: "Unauthorized", code: "authentication_invalid")],
                                   message: "Unauthorized"))
        }
    }
}

/// Shared material: one RSA key for the whole suite (key generation is slow).
enum Fixture {
    static let issuer = TestIssuer()
    static let authorizedParty = issuer.defaultAuthorizedParty
    static let host = "app.example.test"

    /// A verifier over the issuer's keys, or over `keyStore`.
    static func verifier(keyStore: SessionKeyStore? = nil) -> SessionTokenVerifier {
        SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer], authorizedParties: [authorizedParty],
                                                  clock: issuer.clock),
                             keyStore: keyStore ?? SessionKeyStore(keySet: issuer.keySet))
    }

    /// The engine over ``verifier(keyStore:)``, aware of the publishable key (suffixed cookies).
    static func authenticator(keyStore: SessionKeyStore? = nil, backend: (any ClerkSessionBackend)? = nil,
                              legacyVerify: Bool = false) throws -> ClerkRequestAuthenticator {
        ClerkRequestAuthenticator(
            verifier: verifier(keyStore: keyStore), backend: backend,
            configuration: .init(publishableKey: try PublishableKey(issuer.publishableKey), legacyVerifyEnabled: legacyVerify))
    }

    /// A store whose every key fetch fails.
    static func outageStore() -> SessionKeyStore {
        SessionKeyStore(source: FailingKeySource())
    }

    /// A token whose signature no longer matches (one character of the signature changed).
    static func tampered(_ token: String) -> String {
        var parts = token.split(separator: ".").map(String.init)
        let first = parts[2].removeFirst()
        parts[2] = (first == "A" ? "B" : "A") + parts[2]
        return parts.joined(separator: ".")
    }

    /// A validly signed token that expired an hour ago.
    static func expiredToken(sessionID: String = "sess_expired") -> String {
        issuer.sessionToken(userID: "user_expired", sessionID: sessionID, issuedAt: issuer.clock.now() - 3600)
    }

    /// The cookie suffix of the issuer's publishable key.
    static var cookieSuffix: String {
        (try? PublishableKey(issuer.publishableKey).cookieSuffix) ?? ""
    }
}
#endif
