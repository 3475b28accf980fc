import ClerkTesting
import InMemoryTracing
import MetricsTestKit
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend
@testable import ClerkSession

/// Issue 18 (2): each metric of the Observability article, counted by the path that owns it, with a test
/// metrics backend of the test's own (exact increments, exact dimensions).
@Suite("Metrics")
struct MetricsTests {
    static let verifications = "clerk_session_verifications_total"
    static let tokenCache = "clerk_session_token_cache_total"
    static let keyFetches = "clerk_session_jwks_fetches_total"
    static let keyFetchDuration = "clerk_session_jwks_fetch_duration_seconds"
    static let refreshes = "clerk_session_refreshes_total"
    static let legacyVerifications = "clerk_session_legacy_verifications_total"
    static let apiRequests = "clerk_api_requests_total"
    static let apiRequestDuration = "clerk_api_request_duration_seconds"
    static let machineTokens = "clerk_machine_token_verifications_total"
    static let machineTokenCache = "clerk_machine_token_cache_total"

    /// Every metric label this suite proves; the Observability article must list exactly these.
    static let proven = [
        verifications, tokenCache, keyFetches, keyFetchDuration, refreshes, legacyVerifications, apiRequests,
        apiRequestDuration, machineTokens, machineTokenCache,
    ]

    @Test("opaque machine tokens: each verification by kind and result, and the answer cache's hits and misses")
    func machineTokenVerifications() async throws {
        let observed = Observed()
        let clock = MachineClock()
        let backend = ScriptedMachineBackend()
        let apiKey = MachineAuthenticationTests.apiKey
        backend.add(apiKey, MachineAuthenticationTests.identity(.apiKey, subject: "user_1", expires: nil))
        let opaque = OpaqueTokenVerifier(
            backend: backend, limits: .init(callsPerSecond: 4, maximumCallsInFlight: 1), clock: clock.clock,
            metricsFactory: observed.metrics)
        func count(_ kind: ClerkTokenKind, _ result: String) -> Int64 {
            observed.count(Self.machineTokens, [("kind", kind.rawValue), ("result", result)])
        }
        _ = await opaque.verify(apiKey, kind: .apiKey)  // a call: verified
        _ = await opaque.verify(apiKey, kind: .apiKey)  // cached: verified
        _ = await opaque.verify(MachineAuthenticationTests.m2mToken, kind: .m2mToken)  // a call: 404, rejected
        _ = await opaque.verify(MachineAuthenticationTests.m2mToken, kind: .m2mToken)  // cached: rejected
        _ = await opaque.verify("mt_short", kind: .m2mToken)  // malformed: no call, no cache lookup
        backend.fail(with: ClerkAPIError(kind: .http, status: 503, message: "down"))
        _ = await opaque.verify(MachineAuthenticationTests.oauthToken, kind: .oauthToken)  // a call: unavailable
        backend.fail(with: nil)
        // In flight: one held call fills the bound of 1; another token is refused without a call.
        backend.hold()
        async let held = opaque.verify("oat_held_0123456789abcdef", kind: .oauthToken)
        while opaque.waiterCount < 1 { await Task.yield() }
        _ = await opaque.verify("oat_other_0123456789abcdef", kind: .oauthToken)  // overloaded
        backend.releaseAll()
        _ = await held  // the fourth call: 404, rejected
        _ = await opaque.verify("ak_fifth_0123456789abcdef", kind: .apiKey)  // the bucket of 4 is empty
        #expect(backend.calls == 4)

        #expect(count(.apiKey, "verified") == 2)
        #expect(count(.m2mToken, "rejected") == 2)
        #expect(count(.m2mToken, "malformed") == 1)
        #expect(count(.oauthToken, "unavailable") == 1)
        #expect(count(.oauthToken, "overloaded") == 1)
        #expect(count(.oauthToken, "rejected") == 1)
        #expect(count(.apiKey, "rate-limited") == 1)
        #expect(count(.apiKey, "rejected") == 0)
        #expect(observed.count(Self.machineTokenCache, [("result", "hit")]) == 2)
        #expect(observed.count(Self.machineTokenCache, [("result", "miss")]) == 6)
    }

    @Test("verifications: verified, rejected with the reason code, keys unavailable; cache hits and misses")
    func verifications() async throws {
        let observed = Observed()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet,
            observability: observed.observability())
        let token = sharedIssuer.sessionToken(sessionID: "sess_metrics")
        _ = try verifier.verify(token)
        _ = try verifier.verify(token)
        #expect(observed.count(Self.verifications, [("outcome", "verified")]) == 2)
        #expect(observed.count(Self.tokenCache, [("result", "miss")]) == 1)
        #expect(observed.count(Self.tokenCache, [("result", "hit")]) == 1)

        let expired = sharedIssuer.sessionToken(sessionID: "sess_metrics", issuedAt: sharedIssuer.clock.now() - 3600)
        #expect(throws: ClerkVerificationError.self) { try verifier.verify(expired) }
        #expect(throws: ClerkVerificationError.self) { try verifier.verify("not-a-token") }
        #expect(observed.count(Self.verifications, [("outcome", "rejected"), ("reason", "token-expired")]) == 1)
        #expect(
            observed.count(
                Self.verifications,
                [("outcome", "rejected"), ("reason", ClerkVerificationError.Code.tokenMalformed.rawValue)]) == 1)
        #expect(observed.count(Self.verifications, [("outcome", "verified")]) == 2)

        // A store that never loaded keys: the key-outage outcome, not a rejection.
        let cold = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]),
            keyStore: SessionKeyStore(
                source: JWKSURLKeySource(url: "http://127.0.0.1:1/jwks"), observability: observed.observability()))
        #expect(throws: ClerkVerificationError.self) { try cold.verify(token) }
        #expect(
            observed.count(Self.verifications, [("outcome", "keys-unavailable"), ("reason", "jwk-failed-to-resolve")])
                == 1)
    }

    @Test("bearer verifications through the authenticator: each counted once, immediate or after a refetch attempt")
    func bearerVerificationsCountedOnce() async throws {
        let observed = Observed()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet,
            observability: observed.observability())
        let authenticator = ClerkRequestAuthenticator(verifier: verifier)
        let token = sharedIssuer.sessionToken(sessionID: "sess_bearer_metrics")
        #expect(await authenticator.authenticate(bearerToken: token).session != nil)
        #expect(await authenticator.authenticate(bearerToken: token).session != nil)
        let expired = sharedIssuer.sessionToken(issuedAt: sharedIssuer.clock.now() - 3600)
        #expect(await authenticator.authenticate(bearerToken: expired).session == nil)
        // Unknown kid: the immediate attempt hands its failure on; the pinned keys cannot be refetched.
        let unknownKid = sharedIssuer.token(
            header: sharedIssuer.sessionHeader(keyID: "ins_unknown_metrics"), claims: sharedIssuer.sessionClaims())
        #expect(await authenticator.authenticate(bearerToken: unknownKid).session == nil)
        #expect(observed.count(Self.verifications, [("outcome", "verified")]) == 2)
        #expect(observed.count(Self.verifications, [("outcome", "rejected"), ("reason", "token-expired")]) == 1)
        #expect(observed.count(Self.verifications, [("outcome", "rejected"), ("reason", "jwk-kid-mismatch")]) == 1)
        #expect(observed.count(Self.tokenCache, [("result", "hit")]) == 1)
    }

    @Test("key fetches: one success and one failure, each timed")
    func keyFetches() async throws {
        try await Harness.run { h in
            let observed = Observed()
            let client = ClerkBackendClient(
                configuration: h.client.configuration, httpClient: h.httpClient,
                observability: observed.observability())
            let store = SessionKeyStore(
                source: BackendAPIKeySource(client: client, issuer: sharedIssuer.issuer),
                observability: observed.observability())
            await store.prewarm()
            #expect(store.hasLoadedKeys)
            #expect(observed.count(Self.keyFetches, [("result", "success")]) == 1)
            #expect(observed.count(Self.keyFetches, [("result", "failure")]) == 0)

            h.server.injectFault(path: "/v1/jwks", status: 503, body: "{\"errors\":[]}")
            let failing = SessionKeyStore(
                source: BackendAPIKeySource(client: client, issuer: sharedIssuer.issuer),
                observability: observed.observability())
            await failing.prewarm()
            #expect(!failing.hasLoadedKeys)
            #expect(observed.count(Self.keyFetches, [("result", "failure")]) == 1)
            #expect(observed.timings(Self.keyFetchDuration) == 2)
            // The HTTP side of the same fetches.
            #expect(observed.count(Self.apiRequests, [("operation", "jwks.get"), ("result", "2xx")]) == 1)
            #expect(observed.count(Self.apiRequests, [("operation", "jwks.get"), ("result", "5xx")]) == 1)
        }
    }

    @Test("Backend API requests: one count per attempt by operation and result, one duration per attempt")
    func apiRequests() async throws {
        try await Harness.run { h in
            let observed = Observed()
            let client = ClerkBackendClient(
                configuration: h.client.configuration, httpClient: h.httpClient,
                observability: observed.observability())
            let (session, _) = h.server.createSession()
            _ = try await client.sessions.get(session.id)
            _ = await apiError { _ = try await client.sessions.get("sess_missing") }
            // A GET is retried: a 503 then a 200 are two attempts of one call.
            h.server.injectFault(path: "/v1/sessions/\(session.id)", status: 503, body: "{\"errors\":[]}")
            _ = try await client.sessions.get(session.id)
            _ = try await client.sessions.revoke(session.id)
            #expect(observed.count(Self.apiRequests, [("operation", "sessions.get"), ("result", "2xx")]) == 2)
            #expect(observed.count(Self.apiRequests, [("operation", "sessions.get"), ("result", "4xx")]) == 1)
            #expect(observed.count(Self.apiRequests, [("operation", "sessions.get"), ("result", "5xx")]) == 1)
            #expect(observed.count(Self.apiRequests, [("operation", "sessions.revoke"), ("result", "2xx")]) == 1)
            #expect(observed.timings(Self.apiRequestDuration, [("operation", "sessions.get")]) == 4)
            #expect(observed.timings(Self.apiRequestDuration, [("operation", "sessions.revoke")]) == 1)
        }
        // No answer at all: the error kind is the result.
        let observed = Observed()
        var configuration = ClerkBackendClient.Configuration(
            secretKey: FakeClerkServer.defaultSecretKey, baseURL: "http://127.0.0.1:1")
        configuration.retryPolicy = .init(maximumRetries: 0, sleep: { _ in })
        configuration.timeout = .milliseconds(500)
        let unreachable = ClerkBackendClient(configuration: configuration, observability: observed.observability())
        let error = try #require(await apiError { _ = try await unreachable.sessions.get("sess_1") })
        #expect(
            observed.count(Self.apiRequests, [("operation", "sessions.get"), ("result", error.kind.description)]) == 1)
        #expect(observed.metrics.counters.map(\.label).filter { $0 == Self.apiRequests }.count == 1)
    }

    @Test("refreshes: a success and a refusal, by result")
    func refreshes() async throws {
        let observed = Observed()
        let stack = try await ClerkCallBoundsTests.Stack.start(observability: observed.observability())
        let signedIn = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: stack.refreshToken))
        #expect(signedIn.session != nil)
        let refused = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: "not-the-refresh-token"))
        #expect(signedIn.session != nil && refused.session == nil)
        #expect(observed.count(Self.refreshes, [("result", "success")]) == 1)
        #expect(observed.count(Self.refreshes, [("result", "rejected")]) == 1)
        #expect(observed.count(Self.apiRequests, [("operation", "sessions.refresh"), ("result", "2xx")]) == 1)
        #expect(observed.count(Self.apiRequests, [("operation", "sessions.refresh"), ("result", "4xx")]) == 1)
        try await stack.server.shutdown()
    }

    @Test("legacy verifications: confirmed during a key outage, by result")
    func legacyVerifications() async throws {
        let observed = Observed()
        let stack = try await ClerkCallBoundsTests.Stack.start(
            legacy: true, keysFromBackend: true, observability: observed.observability())
        stack.server.injectFault(path: "/v1/jwks", status: 503, body: "{\"errors\":[]}", count: 100_000)
        let good = try #require(stack.server.sessionToken(forSession: stack.sessionID))
        let result = await stack.authenticator.authenticate(bearerToken: good)
        #expect(result.session?.sessionID == stack.sessionID)
        #expect(observed.count(Self.legacyVerifications, [("result", "confirmed")]) == 1)
        #expect(observed.count(Self.apiRequests, [("operation", "sessions.verify"), ("result", "2xx")]) == 1)
        try await stack.server.shutdown()
    }
}
