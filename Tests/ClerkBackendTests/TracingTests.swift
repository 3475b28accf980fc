import ClerkTesting
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing

@testable import ClerkAuthentication
@testable import ClerkBackend
@testable import ClerkSession

/// Issue 18 (1): one span per call to Clerk, named and attributed as the Observability article says, nested
/// in the span that caused it, and never carrying a token, a cookie or the secret key. A local verification
/// opens no span unless asked.
@Suite("Tracing")
struct TracingTests {
    /// Every span name this suite proves; the Observability article must list exactly these.
    static let proven = [
        "clerk.jwks.fetch", "clerk.session.refresh", "clerk.session.legacy_verify", "clerk.session.verify",
        "<METHOD> <url.template>",
    ]

    @Test("a Backend API call is one client span with the HTTP conventions' attributes and no id in its name")
    func backendCall() async throws {
        try await Harness.run { h in
            let observed = Observed()
            let client = ClerkBackendClient(
                configuration: h.client.configuration, httpClient: h.httpClient,
                observability: observed.observability())
            let (session, _) = h.server.createSession()
            _ = try await client.sessions.get(session.id)
            let span = try #require(observed.spans("GET /v1/sessions/{session_id}").first)
            #expect(span.kind == .client)
            #expect(span.text("http.request.method") == "GET")
            #expect(span.text("url.template") == "/v1/sessions/{session_id}")
            #expect(span.text("clerk.operation") == "sessions.get")
            #expect(span.text("server.address") == "127.0.0.1")
            #expect(span.text("server.port") == String(h.server.port))
            #expect(span.text("url.scheme") == "http")
            #expect(span.text("http.response.status_code") == "200")
            #expect(span.text("clerk.outcome") == "success")
            #expect(span.text("http.request.resend_count") == nil)
            #expect(!span.isError)
            #expect(!span.allAttributeText.contains { $0.contains(session.id) || $0.contains(h.server.secretKey) })

            _ = await apiError { _ = try await client.sessions.revoke("sess_missing") }
            let missing = try #require(observed.spans("POST /v1/sessions/{session_id}/revoke").first)
            #expect(missing.isError)
            #expect(missing.text("http.response.status_code") == "404")
            #expect(missing.text("error.type") == "404")
            #expect(missing.text("clerk.outcome") == "http-404")
        }
    }

    @Test("each attempt of a retried call is its own span; the retry carries http.request.resend_count")
    func retries() async throws {
        try await Harness.run { h in
            let observed = Observed()
            let client = ClerkBackendClient(
                configuration: h.client.configuration, httpClient: h.httpClient,
                observability: observed.observability())
            h.server.injectFault(path: "/v1/sessions", status: 503, body: "{\"errors\":[]}")
            _ = try await client.sessions.list(.init(userID: "user_1"))
            let attempts = observed.spans("GET /v1/sessions")
            #expect(attempts.count == 2)
            #expect(attempts.first?.text("http.response.status_code") == "503")
            #expect(attempts.first?.isError == true)
            #expect(attempts.last?.text("http.request.resend_count") == "1")
            #expect(attempts.last?.text("clerk.outcome") == "success")
        }
    }

    @Test("no answer: error.type is the failure kind")
    func transportFailure() async throws {
        let observed = Observed()
        var configuration = ClerkBackendClient.Configuration(
            secretKey: FakeClerkServer.defaultSecretKey, baseURL: "http://127.0.0.1:1")
        configuration.retryPolicy = .init(maximumRetries: 0, sleep: { _ in })
        configuration.timeout = .milliseconds(500)
        let client = ClerkBackendClient(configuration: configuration, observability: observed.observability())
        let error = try #require(await apiError { _ = try await client.sessions.get("sess_1") })
        let span = try #require(observed.spans("GET /v1/sessions/{session_id}").first)
        #expect(span.isError)
        // Refused connections are retried by AsyncHTTPClient until the deadline: either kind may end it.
        #expect(["transport", "timeout"].contains(error.kind.description))
        #expect(span.text("error.type") == error.kind.description)
        #expect(span.text("http.response.status_code") == nil)
    }

    @Test("a key fetch is a clerk.jwks.fetch span by source, with the HTTP span inside it")
    func keyFetch() async throws {
        try await Harness.run { h in
            let observed = Observed()
            let client = ClerkBackendClient(
                configuration: h.client.configuration, httpClient: h.httpClient,
                observability: observed.observability())
            let store = SessionKeyStore(
                source: BackendAPIKeySource(client: client, issuer: sharedIssuer.issuer),
                observability: observed.observability())
            await store.prewarm()
            let fetch = try #require(observed.spans("clerk.jwks.fetch").first)
            #expect(fetch.kind == .internal)
            #expect(fetch.text("clerk.key_source") == "Backend API JWKS \(h.server.baseURL)/v1/jwks")
            #expect(fetch.text("clerk.outcome") == "success")
            #expect(fetch.text("clerk.key_count") == String(sharedIssuer.keySet.keys.count))
            let http = try #require(observed.spans("GET /v1/jwks").first)
            #expect(http.parentSpanID == fetch.spanID)
            #expect(http.traceID == fetch.traceID)

            // A JWKS URL (the Frontend API's, here the fake's), failing: both spans say so.
            h.server.injectFault(path: "/.well-known/jwks.json", status: 500)
            let failing = SessionKeyStore(
                source: JWKSURLKeySource(
                    url: h.server.jwksURL, httpClient: h.httpClient, observability: observed.observability()),
                observability: observed.observability())
            await failing.prewarm()
            let failed = try #require(observed.spans("clerk.jwks.fetch").last)
            #expect(failed.isError)
            #expect(failed.text("clerk.outcome") == "jwk-remote-failed-to-load")
            let get = try #require(observed.spans("GET").first)
            #expect(get.text("clerk.operation") == "jwks.fetch_url")
            #expect(get.text("url.template") == nil)
            #expect(get.text("http.response.status_code") == "500")
            #expect(get.parentSpanID == failed.spanID)
        }
    }

    @Test("a refresh is a clerk.session.refresh span with the Backend API call inside; no token or cookie in it")
    func refresh() async throws {
        let observed = Observed()
        let stack = try await ClerkCallBoundsTests.Stack.start(observability: observed.observability())
        let expired = stack.expiredToken
        let signedIn = await stack.authenticator.authenticate(
            stack.browserGET(session: expired, refresh: stack.refreshToken))
        #expect(signedIn.session != nil)
        let refresh = try #require(observed.spans("clerk.session.refresh").first)
        #expect(refresh.text("clerk.outcome") == "success")
        #expect(!refresh.isError)
        let call = try #require(observed.spans("POST /v1/sessions/{session_id}/refresh").first)
        #expect(call.parentSpanID == refresh.spanID)
        #expect(call.text("clerk.operation") == "sessions.refresh")

        _ = await stack.authenticator.authenticate(stack.browserGET(session: expired, refresh: "not-the-refresh-token"))
        let refused = try #require(observed.spans("clerk.session.refresh").last)
        #expect(refused.isError)
        #expect(refused.text("clerk.outcome") == "refresh-rejected")
        let secrets = [expired, stack.refreshToken, "not-the-refresh-token", stack.server.secretKey]
        for span in observed.tracer.finishedSpans {
            #expect(!span.allAttributeText.contains { value in secrets.contains { value.contains($0) } })
            #expect(!secrets.contains { span.operationName.contains($0) })
        }
        try await stack.server.shutdown()
    }

    @Test("a legacy verify is a clerk.session.legacy_verify span with the call inside")
    func legacyVerify() async throws {
        let observed = Observed()
        let stack = try await ClerkCallBoundsTests.Stack.start(
            legacy: true, keysFromBackend: true, observability: observed.observability())
        stack.server.injectFault(path: "/v1/jwks", status: 503, body: "{\"errors\":[]}", count: 100_000)
        let good = try #require(stack.server.sessionToken(forSession: stack.sessionID))
        #expect(await stack.authenticator.authenticate(bearerToken: good).session != nil)
        let legacy = try #require(observed.spans("clerk.session.legacy_verify").first)
        #expect(legacy.text("clerk.outcome") == "success")
        let call = try #require(observed.spans("POST /v1/sessions/{session_id}/verify").first)
        #expect(call.parentSpanID == legacy.spanID)
        try await stack.server.shutdown()
    }

    @Test("a local verification opens no span by default; when asked, one span per verification with its outcome")
    func verificationSpans() async throws {
        let quiet = Observed()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet,
            observability: quiet.observability())
        let token = sharedIssuer.sessionToken(sessionID: "sess_spans")
        _ = try verifier.verify(token)
        _ = try await verifier.verifyAwaitingKeys(token)
        #expect(quiet.tracer.finishedSpans.isEmpty)

        let traced = Observed()
        let tracing = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet,
            observability: traced.observability(tracesVerifications: true))
        _ = try tracing.verify(token)
        _ = try await tracing.verifyAwaitingKeys(token)
        #expect(throws: ClerkVerificationError.self) { try tracing.verify("not-a-token") }
        let spans = traced.spans("clerk.session.verify")
        #expect(spans.count == 3)
        #expect(
            spans.map { $0.text("clerk.outcome") } == [
                "verified", "verified", ClerkVerificationError.Code.tokenMalformed.rawValue,
            ])
        #expect(spans.last?.isError == true)
        #expect(spans.map { $0.text("clerk.token_kind") } == ["session_token", "session_token", nil])
        #expect(spans.allSatisfy { $0.kind == .internal })
        #expect(!spans.contains { $0.allAttributeText.contains { $0.contains(token) } })
    }

    @Test("verifying any kind of JWT is traced as a session token's verification is, with the kind accepted")
    func anyKindVerificationSpans() async throws {
        let issuer = sharedIssuer
        let m2m = issuer.m2mToken(machineID: "mch_2spans")
        let session = issuer.sessionToken(sessionID: "sess_kinds")
        let quiet = Observed()
        let untraced = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet, observability: quiet.observability())
        _ = try untraced.verify(m2m, accepting: [.sessionToken, .m2mToken])
        _ = try await untraced.verifyAwaitingKeys(m2m, accepting: [.sessionToken, .m2mToken])
        #expect(quiet.tracer.finishedSpans.isEmpty)

        let traced = Observed()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet,
            observability: traced.observability(tracesVerifications: true))
        _ = try verifier.verify(m2m, accepting: [.sessionToken, .m2mToken])
        _ = try await verifier.verifyAwaitingKeys(session, accepting: [.sessionToken, .m2mToken])
        #expect(throws: ClerkVerificationError.self) { try verifier.verify(m2m, accepting: .sessionToken) }
        await #expect(throws: ClerkVerificationError.self) {
            try await verifier.verifyAwaitingKeys("mt_opaque", accepting: .sessionToken)
        }
        let spans = traced.spans("clerk.session.verify")
        #expect(spans.count == 4)
        #expect(
            spans.map { $0.text("clerk.outcome") } == [
                "verified", "verified", ClerkVerificationError.Code.tokenTypeMismatch.rawValue,
                ClerkVerificationError.Code.tokenTypeMismatch.rawValue,
            ])
        #expect(spans.map { $0.text("clerk.token_kind") } == ["m2m_token", "session_token", nil, nil])
        #expect(spans.map(\.isError) == [false, false, true, true])
        #expect(!spans.contains { span in span.allAttributeText.contains { $0.contains(m2m) || $0.contains(session) } })
        // Counted once each, as without spans: two verified, two rejected as the wrong kind.
        #expect(traced.count("clerk_session_verifications_total", [("outcome", "verified")]) == 2)
        #expect(
            traced.count(
                "clerk_session_verifications_total", [("outcome", "rejected"), ("reason", "token-type-mismatch")])
                == 2)
    }
}
