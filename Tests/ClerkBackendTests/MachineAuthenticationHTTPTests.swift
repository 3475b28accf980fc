import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend

/// Issue 15: each opaque kind through the authenticator and a `ClerkBackendClient`, over real HTTP to the
/// fake Clerk: valid, revoked, expired, unknown; and Clerk down.
@Suite("Machine tokens in the authenticator, over HTTP")
struct MachineAuthenticationHTTPTests {
    struct Stack {
        let server: FakeClerkServer
        let authenticator: ClerkRequestAuthenticator
    }

    func withStack(
        accepting kinds: AcceptedTokenKinds = .machine, machineSecret: String? = nil,
        _ body: (Stack) async throws -> Void
    ) async throws {
        let server = try await FakeClerkServer.start(issuer: sharedIssuer, machineSecretKey: machineSecret)
        var configuration = ClerkBackendClient.Configuration(
            secretKey: server.secretKey, baseURL: server.baseURL, machineSecretKey: machineSecret)
        configuration.retryPolicy = .init(maximumRetries: 0, sleep: { _ in })
        let client = ClerkBackendClient(configuration: configuration)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet)
        let authenticator = ClerkRequestAuthenticator(
            verifier: verifier, backend: client, configuration: .init(acceptedTokens: kinds))
        do { try await body(Stack(server: server, authenticator: authenticator)) } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    static func reason(_ result: AuthenticationResult) -> String? {
        if case .signedOut(let reason) = result { return reason.code.rawValue }
        return nil
    }

    @Test("a valid API key signs in with Clerk's subject, name and scopes; the second request is cached")
    func apiKey() async throws {
        try await withStack { s in
            let key = s.server.mintAPIKey(subject: "org_http", name: "ci key", scopes: ["read:orders"])
            let result = await s.authenticator.authenticate(bearerToken: key.token)
            #expect(result.machine?.organizationID == "org_http")
            #expect(result.machine?.name == "ci key")
            #expect(result.machine?.has(scope: "read:orders") == true)
            #expect(result.machine?.isVerifiedLocally == false)
            _ = await s.authenticator.authenticate(bearerToken: key.token)
            #expect(s.server.machineVerifyCount(.apiKey) == 1)
        }
    }

    @Test("a valid opaque M2M token signs in, verified with the machine secret")
    func m2mToken() async throws {
        let machineSecret = "ak_machine_http_0123456789abcdef"
        try await withStack(machineSecret: machineSecret) { s in
            let token = s.server.mintM2MToken(machineID: "mch_http", scopes: ["mch_peer"], lifetime: .seconds(3600))
            let result = await s.authenticator.authenticate(bearerToken: token.token)
            #expect(result.machine?.machineID == "mch_http")
            #expect(result.machine?.scopes == ["mch_peer"])
            let call = s.server.requests.last { $0.path.hasSuffix("/m2m_tokens/verify") }
            #expect(call?.header("Authorization") == "Bearer \(machineSecret)")
        }
    }

    @Test("a valid opaque OAuth token signs in with its user and client")
    func oauthToken() async throws {
        try await withStack { s in
            let token = s.server.mintOAuthAccessToken(userID: "user_http", clientID: "client_http")
            let result = await s.authenticator.authenticate(bearerToken: token.token)
            #expect(result.machine?.userID == "user_http")
            #expect(result.machine?.clientID == "client_http")
        }
    }

    @Test("revoked tokens of each kind (answered 200 with revoked: true) are machine-token-rejected")
    func revoked() async throws {
        try await withStack { s in
            let tokens = [
                s.server.mintAPIKey().token, s.server.mintM2MToken().token, s.server.mintOAuthAccessToken().token,
            ]
            for token in tokens {
                #expect(s.server.revokeMachineToken(token))
                #expect(Self.reason(await s.authenticator.authenticate(bearerToken: token)) == "machine-token-rejected")
            }
        }
    }

    @Test("expired tokens (answered 200 with expired: true) are machine-token-rejected")
    func expired() async throws {
        try await withStack { s in
            let key = s.server.mintAPIKey(lifetime: .seconds(-60))
            #expect(Self.reason(await s.authenticator.authenticate(bearerToken: key.token)) == "machine-token-rejected")
        }
    }

    @Test("an unknown token (404) is machine-token-rejected, and refused again without a call")
    func unknown() async throws {
        try await withStack { s in
            let junk = "oat_0123456789abcdef0123456789abcdef"
            #expect(Self.reason(await s.authenticator.authenticate(bearerToken: junk)) == "machine-token-rejected")
            #expect(Self.reason(await s.authenticator.authenticate(bearerToken: junk)) == "machine-token-rejected")
            #expect(s.server.machineVerifyCount(.oauthToken) == 1)
        }
    }

    @Test("Clerk answering 503 makes the request 503, not 401")
    func clerkDown() async throws {
        try await withStack { s in
            s.server.injectFault(path: "/api_keys/verify", method: "POST", status: 503, body: "{}", count: 10)
            let key = s.server.mintAPIKey()
            let result = await s.authenticator.authenticate(bearerToken: key.token)
            guard case .keysUnavailable(let error) = result else {
                Issue.record("expected 503, got \(result)")
                return
            }
            #expect(error.code == .machineTokenVerifyUnavailable)
        }
    }
}
