import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// Remote key sources against the fake: Backend API JWKS, any JWKS URL, the Frontend API JWKS.
@Suite("Remote key sources")
struct RemoteKeySourceTests {
    func fetchError(_ source: some SessionKeySource) async -> KeyFetchError? {
        await #expect(throws: KeyFetchError.self, "expected the fetch to fail") { try await source.fetchKeySet() }
    }

    @Test func backendAPISourceFetchesWithTheSecretKey() async throws {
        try await Harness.run { h in
            let source = BackendAPIKeySource(client: h.client, issuer: h.server.issuer.issuer)
            #expect(source.isRefreshable)
            #expect(!source.description.contains(h.server.secretKey))
            let keySet = try await source.fetchKeySet()
            #expect(keySet.keyIDs == [h.server.issuer.currentKey.keyID])
            #expect(keySet.issuer == h.server.issuer.issuer)
            let request = try #require(h.server.requests.last)
            #expect(request.path == "/v1/jwks")
            #expect(request.header("Authorization") == "Bearer \(h.server.secretKey)")
        }
    }

    @Test func backendAPISourceWithABadKeyIsSecretKeyInvalid() async throws {
        try await Harness.run(configure: { $0.secretKey = "sk_test_not_the_right_one" }) { h in
            let error = try #require(await fetchError(BackendAPIKeySource(client: h.client)))
            #expect(error.error.code == .secretKeyInvalid)
        }
    }

    @Test func backendAPISourcePassesRetryAfterAndDoesNotRetry() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/jwks", status: 503, headers: [("Retry-After", "9")])
            let error = try #require(await fetchError(BackendAPIKeySource(client: h.client)))
            #expect(error.error.code == .remoteKeysFailedToLoad)
            #expect(error.retryAfter == .seconds(9))
            #expect(h.server.requests.count == 1)
        }
    }

    @Test(arguments: ["{\"keys\":[]}", "{\"keys\":", "not json", "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"x\"}]}"])
    func malformedSetsAreInvalid(body: String) async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/jwks", status: 200, body: body)
            h.server.injectFault(path: "/.well-known/jwks.json", status: 200, body: body)
            let backend = try #require(await fetchError(BackendAPIKeySource(client: h.client)))
            let url = try #require(await fetchError(JWKSURLKeySource(url: h.server.jwksURL, httpClient: h.httpClient)))
            #expect(backend.error.code == .remoteKeysInvalid)
            #expect(url.error.code == .remoteKeysInvalid)
        }
    }

    @Test func jwksURLSourceFetchesWithoutAuthentication() async throws {
        try await Harness.run { h in
            let source = JWKSURLKeySource(
                url: h.server.jwksURL, issuer: h.server.issuer.issuer, httpClient: h.httpClient)
            let keySet = try await source.fetchKeySet()
            #expect(keySet.keyIDs == [h.server.issuer.currentKey.keyID])
            #expect(keySet.issuer == h.server.issuer.issuer)
            let request = try #require(h.server.requests.last)
            #expect(request.path == "/.well-known/jwks.json")
            #expect(request.header("Authorization") == nil)
        }
    }

    @Test func frontendAPISourceDerivesURLAndIssuer() async throws {
        try await Harness.run { h in
            let pk = h.server.issuer.publishableKey
            let derived = try FrontendAPIKeySource(publishableKey: pk)
            #expect(derived.url == "https://\(h.server.issuer.frontendAPIHost)/.well-known/jwks.json")
            #expect(derived.issuer == h.server.issuer.issuer)
            let local = try FrontendAPIKeySource(
                publishableKey: pk, frontendAPIURL: h.server.baseURL + "/", httpClient: h.httpClient)
            let keySet = try await local.fetchKeySet()
            #expect(keySet.issuer == h.server.issuer.issuer)
            #expect(h.server.requests.last?.path == "/.well-known/jwks.json")
            #expect(throws: ClerkVerificationError.self) { _ = try FrontendAPIKeySource(publishableKey: "pk_nope") }
        }
    }

    @Test func keysFollowRotation() async throws {
        let issuer = TestIssuer()
        try await Harness.run(issuer: issuer) { h in
            let source = JWKSURLKeySource(url: h.server.jwksURL, httpClient: h.httpClient)
            let first = try await source.fetchKeySet()
            h.server.rotateKey(keyID: "ins_rotated", keepPrevious: true)
            let second = try await source.fetchKeySet()
            #expect(first.keyIDs == ["ins_test_main"])
            #expect(second.keyIDs == ["ins_rotated", "ins_test_main"])
        }
    }

    @Test func bodiesOver256KiBAreRefused() async throws {
        try await Harness.run { h in
            let huge = "{\"keys\":[],\"pad\":\"" + String(repeating: "a", count: 300 * 1024) + "\"}"
            h.server.injectFault(path: "/.well-known/jwks.json", status: 200, body: huge)
            h.server.injectFault(path: "/v1/jwks", status: 200, body: huge)
            let url = try #require(await fetchError(JWKSURLKeySource(url: h.server.jwksURL, httpClient: h.httpClient)))
            let backend = try #require(await fetchError(BackendAPIKeySource(client: h.client)))
            #expect(url.error.code == .remoteKeysFailedToLoad)
            #expect(url.error.message.contains("larger than"))
            #expect(backend.error.code == .remoteKeysFailedToLoad)
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/jwks-moved", status: 302, headers: [("Location", h.server.jwksURL)])
            let error = try #require(
                await fetchError(JWKSURLKeySource(url: h.server.baseURL + "/jwks-moved", httpClient: h.httpClient)))
            #expect(error.error.code == .remoteKeysFailedToLoad)
            #expect(h.server.requests.map(\.path) == ["/jwks-moved"])
        }
    }

    @Test func redirectsAreRefusedEvenWithAFollowingClient() async throws {
        try await Harness.run { h in
            // The process-wide shared HTTPClient follows redirects; the answer is still refused.
            h.server.injectFault(path: "/jwks-moved", status: 302, headers: [("Location", h.server.jwksURL)])
            let source = JWKSURLKeySource(url: h.server.baseURL + "/jwks-moved", httpClient: .shared)
            let error = try #require(await fetchError(source))
            #expect(error.error.code == .remoteKeysFailedToLoad)
            #expect(error.error.message.contains("redirect"))
        }
    }

    /// A key set that never comes, and one whose body stalls after the head: both a timeout, not a hang.
    @Test(
        "a slow key set is a timeout",
        arguments: [(Duration.seconds(60), Duration.zero), (.zero, .seconds(60))])
    func timeoutsFail(delay: Duration, bodyDelay: Duration) async throws {
        try await Harness.run { h in
            h.server.injectFault(
                path: "/.well-known/jwks.json", status: 200, body: h.server.issuer.jwksJSON, delay: delay,
                bodyDelay: bodyDelay)
            let source = JWKSURLKeySource(url: h.server.jwksURL, httpClient: h.httpClient, timeout: .milliseconds(300))
            let error = try #require(await fetchError(source))
            #expect(error.error.code == .remoteKeysFailedToLoad)
            #expect(error.error.message.contains("timeout"))
        }
    }

    @Test("a key set whose body pauses within the timeout loads whole")
    func pausedBodyWithinTheTimeoutLoads() async throws {
        try await Harness.run { h in
            h.server.injectFault(
                path: "/.well-known/jwks.json", status: 200, body: h.server.issuer.jwksJSON,
                bodyDelay: .milliseconds(20))
            // A generous limit: a test run on two cores can hold a task a long time between the two halves.
            let source = JWKSURLKeySource(url: h.server.jwksURL, httpClient: h.httpClient, timeout: .seconds(300))
            let keySet = try await source.fetchKeySet()
            #expect(keySet.keyIDs == [h.server.issuer.currentKey.keyID])
        }
    }

    @Test func storeOverBackendSourceVerifiesTokens() async throws {
        try await Harness.run { h in
            let store = SessionKeyStore(source: BackendAPIKeySource(client: h.client, issuer: h.server.issuer.issuer))
            let verifier = SessionTokenVerifier(configuration: .init(issuer: h.server.issuer.issuer), keyStore: store)
            let (session, _) = h.server.createSession(userID: "user_store")
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let verified = try await verifier.verifyAwaitingKeys(token)
            #expect(verified.userID == "user_store")
        }
    }
}
