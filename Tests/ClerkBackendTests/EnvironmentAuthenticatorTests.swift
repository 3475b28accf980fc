import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// `ClerkRequestAuthenticator(environment:)`, variable by variable, as the README lists them:
/// `CLERK_PUBLISHABLE_KEY` (required), `CLERK_SECRET_KEY`, `CLERK_JWT_KEY` (pinned PEM: no key fetch at
/// all), `CLERK_API_URL`, `CLERK_AUTHORIZED_PARTIES`; without a secret or pinned key, the Frontend API.
@Suite("Authenticator from the environment")
struct EnvironmentAuthenticatorTests {
    static func bearer(_ token: String) -> ClerkRequest {
        ClerkRequest(method: "GET", headers: [("Authorization", "Bearer \(token)")])
    }

    @Test("CLERK_PUBLISHABLE_KEY is required: missing, empty or malformed is an error naming it")
    func publishableKeyRequired() {
        for environment in [[:], ["CLERK_PUBLISHABLE_KEY": ""], ["CLERK_SECRET_KEY": "sk_test_x"]] as [[String: String]]
        {
            let error = #expect(throws: ClerkVerificationError.self) {
                try ClerkRequestAuthenticator(environment: environment)
            }
            #expect(error?.code == .configurationInvalid)
            #expect(error?.isKeyUnavailable == false)
            #expect(error?.message.contains("CLERK_PUBLISHABLE_KEY") == true, "\(error?.message ?? "")")
        }
        #expect(throws: ClerkVerificationError.self) {
            try ClerkRequestAuthenticator(environment: ["CLERK_PUBLISHABLE_KEY": "pk_test_not-base64!"])
        }
    }

    @Test("CLERK_SECRET_KEY + CLERK_API_URL: keys and refreshes from that Backend API, with the secret")
    func secretKeyAndAPIURL() async throws {
        let issuer = TestIssuer()
        let server = try await FakeClerkServer.start(issuer: issuer)
        let authenticator = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_SECRET_KEY": server.secretKey,
            "CLERK_API_URL": server.baseURL,
        ])
        let client = try #require(
            authenticator.backend as? ClerkBackendClient, "a secret key gives a Backend API client")
        #expect(client.configuration.baseURL == server.baseURL)
        #expect(authenticator.verifier.keyStore.source is BackendAPIKeySource)
        #expect(authenticator.verifier.configuration.issuers == [issuer.issuer])
        #expect(authenticator.verifier.configuration.authorizedParties.isEmpty)
        #expect(authenticator.configuration.publishableKey?.issuer == issuer.issuer)
        let (session, _) = server.createSession()
        let token = try #require(server.sessionToken(forSession: session.id))
        let result = await authenticator.authenticate(Self.bearer(token))
        #expect(result.session?.sessionID == session.id)
        let requests = server.requests
        try await server.shutdown()
        #expect(requests.map(\.path) == ["/v1/jwks"], "\(requests.map(\.path))")
        #expect(requests.first?.header("Authorization") == "Bearer \(server.secretKey)")

        // Without CLERK_API_URL the client talks to Clerk's own API.
        let defaultURL = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_SECRET_KEY": server.secretKey,
        ])
        #expect(
            (defaultURL.backend as? ClerkBackendClient)?.configuration.baseURL
                == ClerkBackendClient.Configuration.defaultBaseURL)
    }

    @Test("CLERK_MACHINE_SECRET_KEY: the Backend API client verifies M2M tokens with it")
    func machineSecretKey() async throws {
        let issuer = TestIssuer()
        let machineSecret = "ak_machine_env_0123456789abcdef"
        let server = try await FakeClerkServer.start(issuer: issuer, machineSecretKey: machineSecret)
        let authenticator = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_SECRET_KEY": server.secretKey,
            "CLERK_API_URL": server.baseURL,
            "CLERK_MACHINE_SECRET_KEY": machineSecret,
        ])
        let client = try #require(authenticator.backend as? ClerkBackendClient)
        #expect(client.configuration.machineSecretKey == machineSecret)
        let minted = server.mintM2MToken(machineID: "mch_env")
        let identity = try await client.verifyMachineToken(minted.token, kind: .m2mToken)
        let requests = server.requests
        try await server.shutdown()
        #expect(identity.machineID == "mch_env")
        #expect(requests.last?.header("Authorization") == "Bearer \(machineSecret)")

        let without = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey, "CLERK_SECRET_KEY": server.secretKey,
            "CLERK_MACHINE_SECRET_KEY": "",
        ])
        #expect((without.backend as? ClerkBackendClient)?.configuration.machineSecretKey == nil)
    }

    @Test("acceptedTokens: an API key in the Authorization header signs in through the environment's client")
    func acceptedTokens() async throws {
        let issuer = TestIssuer()
        let server = try await FakeClerkServer.start(issuer: issuer)
        let environment = [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey, "CLERK_SECRET_KEY": server.secretKey,
            "CLERK_API_URL": server.baseURL,
        ]
        let machines = try ClerkRequestAuthenticator(
            environment: environment, acceptedTokens: [.sessionToken, .apiKey])
        let sessionsOnly = try ClerkRequestAuthenticator(environment: environment)
        let key = server.mintAPIKey(subject: "user_env_key")
        let signedIn = await machines.authenticate(bearerToken: key.token)
        let refused = await sessionsOnly.authenticate(bearerToken: key.token)
        try await server.shutdown()
        #expect(machines.configuration.acceptedTokens == [.sessionToken, .apiKey])
        #expect(signedIn.machine?.userID == "user_env_key")
        guard case .signedOut(let reason) = refused else {
            Issue.record("expected signed out, got \(refused)")
            return
        }
        #expect(reason.code == .init(.tokenTypeMismatch))
    }

    @Test("CLERK_JWT_KEY: tokens verify with zero requests to the Backend API, even with a secret key set")
    func pinnedKeyMakesNoFetch() async throws {
        let issuer = TestIssuer()
        let server = try await FakeClerkServer.start(issuer: issuer)
        let authenticator = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_SECRET_KEY": server.secretKey,
            "CLERK_API_URL": server.baseURL,
            "CLERK_JWT_KEY": issuer.currentKey.signingKey.publicKeyPEM(),
        ])
        #expect(authenticator.verifier.keyStore.source is StaticKeySource)
        #expect(!authenticator.verifier.keyStore.source.isRefreshable)
        let (session, _) = server.createSession()
        let token = try #require(server.sessionToken(forSession: session.id))
        for _ in 0..<3 {
            #expect(await authenticator.authenticate(Self.bearer(token)).session?.sessionID == session.id)
        }
        // A token of an unknown kid and one with a bad signature would trigger a refetch from a remote source.
        let stranger = TestIssuer(keyID: "ins_other", signingKey: TestSigningKey())
        #expect(await authenticator.authenticate(Self.bearer(stranger.sessionToken())).session == nil)
        await authenticator.verifier.keyStore.refresh()
        let requests = server.requests
        try await server.shutdown()
        #expect(requests.count == 0, "requests to the fake Clerk: \(requests.map(\.path))")

        let bad = #expect(throws: ClerkVerificationError.self) {
            try ClerkRequestAuthenticator(environment: [
                "CLERK_PUBLISHABLE_KEY": issuer.publishableKey, "CLERK_JWT_KEY": "not a key",
            ])
        }
        #expect(bad?.code == .localKeyInvalid)
        #expect(bad?.message.contains("CLERK_JWT_KEY") == true)
    }

    @Test("Neither secret nor pinned key: keys from the Frontend API's public JWKS, no Backend API client")
    func frontendAPIWithoutSecret() throws {
        let issuer = TestIssuer()
        let authenticator = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_SECRET_KEY": "",
        ])
        #expect(authenticator.backend == nil)
        let source = try #require(authenticator.verifier.keyStore.source as? FrontendAPIKeySource)
        #expect(source.url == "https://\(issuer.frontendAPIHost)/.well-known/jwks.json")
    }

    @Test("CLERK_AUTHORIZED_PARTIES: comma-separated, trimmed, empty entries dropped, enforced on azp")
    func authorizedParties() async throws {
        let issuer = TestIssuer()
        let authenticator = try ClerkRequestAuthenticator(environment: [
            "CLERK_PUBLISHABLE_KEY": issuer.publishableKey,
            "CLERK_JWT_KEY": issuer.currentKey.signingKey.publicKeyPEM(),
            "CLERK_AUTHORIZED_PARTIES": " https://app.example.test, https://admin.example.test ,,",
        ])
        #expect(
            authenticator.verifier.configuration.authorizedParties == [
                "https://app.example.test", "https://admin.example.test",
            ])
        let listed = issuer.sessionToken(authorizedParty: "https://admin.example.test")
        let unlisted = issuer.sessionToken(authorizedParty: "https://evil.example.test")
        #expect(await authenticator.authenticate(Self.bearer(listed)).session != nil)
        let refused = await authenticator.authenticate(Self.bearer(unlisted))
        guard case .signedOut(let reason) = refused else {
            Issue.record("an unlisted azp was not signed out: \(refused)")
            return
        }
        #expect(reason.verificationError?.code == .tokenInvalidAuthorizedParties)
    }
}
