import ClerkBackend
import ClerkSession
import ClerkTesting

/// A key source in permanent outage: every fetch fails like an unreachable JWKS endpoint.
package struct FailingKeySource: SessionKeySource {
    /// A marker that must never reach a response body.
    package static let detail = "simulated JWKS outage marker-7f3a"

    package func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        throw KeyFetchError(ClerkVerificationError(.remoteKeysFailedToLoad, Self.detail))
    }

    package var isRefreshable: Bool { true }
    package var description: String { "failing test key source" }
}

/// An in-process ``ClerkSessionBackend`` that records its calls and answers as told.
package final class StubSessionBackend: ClerkSessionBackend {
    private let refreshAnswer: @Sendable (RefreshSessionRequest) -> Result<SessionRefreshResult, ClerkAPIError>
    private let log = Locked<[String]>([])

    /// The calls received, as `refresh <sid>` / `verify <sid>`.
    package var calls: [String] { log.withLock { $0 } }

    package init(
        refreshAnswer: @escaping @Sendable (RefreshSessionRequest) -> Result<SessionRefreshResult, ClerkAPIError>
    ) {
        self.refreshAnswer = refreshAnswer
    }

    package func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    {
        log.withLock { $0.append("refresh \(id)") }
        return try refreshAnswer(request).get()
    }

    package func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        log.withLock { $0.append("verify \(id)") }
        throw ClerkAPIError(kind: .endpointGone, status: 410, message: "the verify endpoint is retired")
    }

    /// A backend whose refresh mints a fresh token and answers with Clerk's `Set-Cookie` directives.
    package static func refreshing(with issuer: TestIssuer) -> StubSessionBackend {
        StubSessionBackend { request in
            let sid = SessionTokenVerifier.unverifiedSessionID(of: request.expiredToken) ?? "sess_unknown"
            let fresh = issuer.sessionToken(userID: "user_refreshed", sessionID: sid)
            return .success(
                .cookies([
                    "__session=\(fresh); Path=/; Secure; SameSite=Lax",
                    "__client_uat=\(Int(issuer.clock.now())); Path=/; Secure; SameSite=Lax",
                ]))
        }
    }

    /// A backend whose refresh is refused (the session ended).
    package static func rejecting() -> StubSessionBackend {
        StubSessionBackend { _ in
            .failure(
                ClerkAPIError(
                    kind: .http, status: 401,
                    errors: [.init(message: "Unauthorized", code: "authentication_invalid")],
                    message: "Unauthorized"))
        }
    }
}

/// Shared material: one RSA key for the whole suite (key generation is slow).
package enum Fixture {
    package static let issuer = TestIssuer()
    package static let authorizedParty = issuer.defaultAuthorizedParty
    package static let host = "app.example.test"

    /// A verifier over the issuer's keys, or over `keyStore`.
    package static func verifier(keyStore: SessionKeyStore? = nil) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer.issuer], authorizedParties: [authorizedParty],
                clock: issuer.clock),
            keyStore: keyStore ?? SessionKeyStore(keySet: issuer.keySet))
    }

    /// The engine over ``verifier(keyStore:)``, aware of the publishable key (suffixed cookies).
    package static func authenticator(
        keyStore: SessionKeyStore? = nil, backend: (any ClerkSessionBackend)? = nil,
        legacyVerify: Bool = false
    ) throws -> ClerkRequestAuthenticator {
        ClerkRequestAuthenticator(
            verifier: verifier(keyStore: keyStore), backend: backend,
            configuration: .init(
                publishableKey: try PublishableKey(issuer.publishableKey), fallsBackToLegacyVerify: legacyVerify))
    }

    /// The engine over ``verifier(keyStore:)`` accepting `kinds`; opaque machine tokens go to `backend`.
    package static func machineAuthenticator(
        accepting kinds: AcceptedTokenKinds, backend: (any ClerkMachineTokenBackend)? = nil
    ) -> ClerkRequestAuthenticator {
        ClerkRequestAuthenticator(
            verifier: verifier(), machineBackend: backend, configuration: .init(acceptedTokens: kinds))
    }

    /// An M2M JWT of ``issuer`` for `machineID` with `scopes` (its `azp` is the configured party).
    package static func m2mToken(machineID: String = "mch_adapter", scopes: [String] = ["mch_peer"]) -> String {
        issuer.m2mToken(
            machineID: machineID, scopes: scopes, extra: [("azp", .string(authorizedParty))])
    }

    /// A store whose every key fetch fails.
    package static func outageStore() -> SessionKeyStore {
        SessionKeyStore(source: FailingKeySource())
    }

    /// A token whose signature no longer matches (one character of the signature changed).
    package static func tampered(_ token: String) -> String {
        var parts = token.split(separator: ".").map(String.init)
        let first = parts[2].removeFirst()
        parts[2] = (first == "A" ? "B" : "A") + parts[2]
        return parts.joined(separator: ".")
    }

    /// A validly signed token that expired an hour ago.
    package static func expiredToken(sessionID: String = "sess_expired") -> String {
        issuer.sessionToken(userID: "user_expired", sessionID: sessionID, issuedAt: issuer.clock.now() - 3600)
    }

    /// The cookie suffix of the issuer's publishable key.
    package static var cookieSuffix: String {
        (try? PublishableKey(issuer.publishableKey).cookieSuffix) ?? ""
    }
}
