import AsyncHTTPClient
import ClerkAuthentication
import ClerkBackend
import ClerkSession
import ClerkTesting
import InMemoryTracing
import Logging
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Opaque machine tokens verified by the Backend API client against the fake's three unversioned verify
/// endpoints, over real HTTP on 127.0.0.1.
@Suite("Machine token verify")
struct MachineTokenVerifyTests {
    static let machineSecret = "ak_machine_secret_fake_0123456789abcdef"

    /// A fake server (optionally told about a machine secret key), an HTTP client, and a Backend API client.
    struct Stack: Sendable {
        let server: FakeClerkServer
        let httpClient: HTTPClient
        let client: ClerkBackendClient
        let sleeps: SleepRecorder
        let logs: LogCapture
        let observed: Observed

        static func run<T: Sendable>(
            serverMachineSecret: String? = nil, clientMachineSecret: String? = nil,
            rejectionStyle: FakeClerkServer.MachineRejectionStyle = .flagsIn200,
            configure: (inout ClerkBackendClient.Configuration) -> Void = { _ in },
            _ body: (Stack) async throws -> T
        ) async throws -> T {
            let server = try await FakeClerkServer.start(
                issuer: sharedIssuer, machineSecretKey: serverMachineSecret, machineRejectionStyle: rejectionStyle)
            // A refused connection fails at once (no re-dialling until the deadline), so a server that is gone
            // is a transport error.
            var httpConfiguration = RemoteKeySourceDefaults.noRedirectsConfiguration
            httpConfiguration.connectionPool.retryConnectionEstablishment = false
            let httpClient = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
            let sleeps = SleepRecorder()
            let logs = LogCapture()
            let observed = Observed()
            var configuration = ClerkBackendClient.Configuration(
                secretKey: server.secretKey, baseURL: server.baseURL, machineSecretKey: clientMachineSecret)
            configuration.timeout = .seconds(5)
            configuration.retryPolicy = .init(sleep: { sleeps.record($0) })
            configure(&configuration)
            let stack = Stack(
                server: server, httpClient: httpClient,
                client: ClerkBackendClient(
                    configuration: configuration, httpClient: httpClient, logger: logs.logger,
                    observability: observed.observability()),
                sleeps: sleeps, logs: logs, observed: observed)
            do {
                let result = try await body(stack)
                try await httpClient.shutdown()
                try? await server.shutdown()
                return result
            } catch {
                try? await httpClient.shutdown()
                try? await server.shutdown()
                throw error
            }
        }

        /// Mints a valid opaque token of `kind`.
        func mint(_ kind: ClerkTokenKind, lifetime: Duration? = .seconds(3600)) -> FakeClerkServer.MintedMachineToken {
            switch kind {
            case .m2mToken: server.mintM2MToken(machineID: "mch_caller", scopes: ["mch_peer"], lifetime: lifetime)
            case .apiKey: server.mintAPIKey(subject: "user_owner", name: "ci key", scopes: ["read"], lifetime: lifetime)
            default: server.mintOAuthAccessToken(userID: "user_oauth", clientID: "client_app", lifetime: lifetime)
            }
        }

        /// Checks that `token` appears nowhere in `error`, the log lines, or the span attributes.
        func expectNoLeak(of token: String, in error: ClerkAPIError?, sourceLocation: SourceLocation = #_sourceLocation)
        {
            let texts =
                [
                    error.map { "\($0)" } ?? "", error?.message ?? "", error?.detail ?? "", error?.bodyExcerpt ?? "",
                    error?.traceID ?? "",
                ]
                + (error?.errors.flatMap { [$0.message, $0.longMessage ?? "", $0.code, $0.meta ?? ""] } ?? [])
                + logs.lines + observed.tracer.finishedSpans.flatMap { [$0.operationName] + $0.allAttributeText }
            for text in texts {
                #expect(!text.contains(token), "token leaked: \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    static let path: [ClerkTokenKind: String] = [
        .m2mToken: "/m2m_tokens/verify", .apiKey: "/api_keys/verify",
        .oauthToken: "/oauth_applications/access_tokens/verify",
    ]
    static let bodyKey: [ClerkTokenKind: String] = [.m2mToken: "token", .apiKey: "secret", .oauthToken: "access_token"]
    static let kinds: [ClerkTokenKind] = [.m2mToken, .apiKey, .oauthToken]

    // MARK: Valid tokens

    @Test("a valid M2M token: machine, scopes, claims, expiry in seconds; unversioned path, {token}, instance key")
    func validM2M() async throws {
        try await Stack.run { s in
            let minted = s.server.mintM2MToken(
                machineID: "mch_caller", scopes: ["mch_peer", "mch_other"], claims: ["tier": "gold", "n": 3],
                lifetime: .seconds(3600))
            let before = Date().timeIntervalSince1970
            let identity = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken)
            #expect(identity.kind == .m2mToken)
            #expect(identity.id == minted.id)
            #expect(identity.id != minted.token)
            #expect(identity.subject == "mch_caller")
            #expect(identity.machineID == "mch_caller")
            #expect(identity.userID == nil)
            #expect(identity.scopes == ["mch_peer", "mch_other"])
            #expect(identity.claims?["tier"] == "gold")
            #expect(identity.claims?["n"]?.doubleValue == 3)
            #expect(!identity.isVerifiedLocally)
            let expiry = try #require(identity.expiresAtSeconds)
            #expect(abs(expiry - (before + 3600)) < 10)
            let issued = try #require(identity.issuedAtSeconds)
            #expect(abs(issued - before) < 10)

            let request = try #require(s.server.requests.last)
            #expect(s.server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/m2m_tokens/verify")
            #expect(request.header("Authorization") == "Bearer \(s.server.secretKey)")
            #expect(request.header("Clerk-API-Version") == ClerkBackendClient.Configuration.defaultAPIVersion)
            #expect(request.header("Content-Type") == "application/json")
            #expect(try jsonValue(request.bodyText) == .object(["token": .string(minted.token)]))
            #expect(s.server.machineVerifyCount(.m2mToken) == 1)
        }
    }

    @Test("M2M verification sends the machine secret key when the client has one")
    func m2mUsesMachineSecret() async throws {
        try await Stack.run(serverMachineSecret: Self.machineSecret, clientMachineSecret: Self.machineSecret) { s in
            let minted = s.server.mintM2MToken(machineID: "mch_caller")
            let object = try await s.client.machineTokens.verifyM2MToken(minted.token)
            #expect(object.subject == "mch_caller")
            #expect(s.server.requests.last?.header("Authorization") == "Bearer \(Self.machineSecret)")
        }
    }

    @Test("a machine secret key the fake does not know is a 401, not a rejection")
    func unknownMachineSecret() async throws {
        try await Stack.run(clientMachineSecret: Self.machineSecret) { s in
            let minted = s.server.mintM2MToken()
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken) }
            #expect(error?.status == 401)
            #expect(error?.isMachineTokenRejection == false)
            #expect(!"\(error.map { "\($0)" } ?? "")".contains(Self.machineSecret))
            s.expectNoLeak(of: minted.token, in: error)
            s.expectNoLeak(of: Self.machineSecret, in: error)
        }
    }

    @Test("a valid API key: owner, name, scopes, claims; {secret}; the instance key even with a machine key")
    func validAPIKey() async throws {
        try await Stack.run(serverMachineSecret: Self.machineSecret, clientMachineSecret: Self.machineSecret) { s in
            let minted = s.server.mintAPIKey(
                subject: "user_owner", name: "ci key", scopes: ["read", "write"], claims: ["env": "ci"],
                lifetime: .seconds(600))
            let before = Date().timeIntervalSince1970
            let identity = try await s.client.verifyMachineToken(minted.token, kind: .apiKey)
            #expect(identity.kind == .apiKey)
            #expect(identity.id == minted.id)
            #expect(identity.subject == "user_owner")
            #expect(identity.userID == "user_owner")
            #expect(identity.organizationID == nil)
            #expect(identity.machineID == nil)
            #expect(identity.name == "ci key")
            #expect(identity.scopes == ["read", "write"])
            #expect(identity.claims?["env"] == "ci")
            let expiry = try #require(identity.expiresAtSeconds)
            #expect(abs(expiry - (before + 600)) < 10)

            let request = try #require(s.server.requests.last)
            #expect(request.path == "/api_keys/verify")
            #expect(request.header("Authorization") == "Bearer \(s.server.secretKey)")
            #expect(try jsonValue(request.bodyText) == .object(["secret": .string(minted.token)]))
            #expect(s.server.machineVerifyCount(.apiKey) == 1)
        }
    }

    @Test("an API key of an organization or a machine names it; one that never expires has no expiry")
    func apiKeyOwners() async throws {
        try await Stack.run { s in
            let org = s.server.mintAPIKey(subject: "org_team")
            let machine = s.server.mintAPIKey(subject: "mch_worker")
            let orgIdentity = try await s.client.verifyMachineToken(org.token, kind: .apiKey)
            #expect(orgIdentity.organizationID == "org_team")
            #expect(orgIdentity.userID == nil)
            #expect(orgIdentity.expiresAtSeconds == nil)
            #expect(orgIdentity.claims == nil)
            let machineIdentity = try await s.client.verifyMachineToken(machine.token, kind: .apiKey)
            #expect(machineIdentity.machineID == "mch_worker")
        }
    }

    @Test("a valid OAuth access token: user, client, scopes; {access_token}; the instance key")
    func validOAuth() async throws {
        try await Stack.run(serverMachineSecret: Self.machineSecret, clientMachineSecret: Self.machineSecret) { s in
            let minted = s.server.mintOAuthAccessToken(
                userID: "user_oauth", clientID: "client_app", scopes: ["profile", "email"], lifetime: .seconds(900))
            let before = Date().timeIntervalSince1970
            let identity = try await s.client.verifyMachineToken(minted.token, kind: .oauthToken)
            #expect(identity.kind == .oauthToken)
            #expect(identity.id == minted.id)
            #expect(identity.subject == "user_oauth")
            #expect(identity.userID == "user_oauth")
            #expect(identity.clientID == "client_app")
            #expect(identity.scopes == ["profile", "email"])
            let expiry = try #require(identity.expiresAtSeconds)
            #expect(abs(expiry - (before + 900)) < 10)

            let request = try #require(s.server.requests.last)
            #expect(request.path == "/oauth_applications/access_tokens/verify")
            #expect(request.header("Authorization") == "Bearer \(s.server.secretKey)")
            #expect(try jsonValue(request.bodyText) == .object(["access_token": .string(minted.token)]))
            #expect(s.server.machineVerifyCount(.oauthToken) == 1)
        }
    }

    @Test("each verify is one client span named by its unversioned template, with no token anywhere")
    func spanAndMetrics() async throws {
        try await Stack.run { s in
            for kind in Self.kinds {
                let minted = s.mint(kind)
                _ = try await s.client.verifyMachineToken(minted.token, kind: kind)
                s.expectNoLeak(of: minted.token, in: nil)
            }
            for (kind, path) in Self.path {
                let spans = s.observed.spans("POST \(path)")
                #expect(spans.count == 1, "\(kind)")
                #expect(spans.first?.text("url.template") == path)
            }
            #expect(
                s.observed.count("clerk_api_requests_total", [("operation", "m2m_tokens.verify"), ("result", "2xx")])
                    == 1)
            #expect(
                s.observed.count("clerk_api_requests_total", [("operation", "api_keys.verify"), ("result", "2xx")]) == 1
            )
            #expect(
                s.observed.count(
                    "clerk_api_requests_total", [("operation", "oauth_access_tokens.verify"), ("result", "2xx")]) == 1)
        }
    }

    // MARK: Rejections

    @Test("an unknown token is Clerk's 404 and a rejection", arguments: kinds)
    func unknown(kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let token =
                ["m2m_token": "mt_", "api_key": "ak_", "oauth_token": "oat_"][kind.rawValue]! + "unknown0123456789"
            let error = await apiError { _ = try await s.client.verifyMachineToken(token, kind: kind) }
            #expect(error?.kind == .http)
            #expect(error?.status == 404)
            #expect(error?.errors.first?.code == "resource_not_found")
            #expect(error?.isMachineTokenRejection == true)
            #expect(s.server.requests.map(\.path) == [Self.path[kind]!])
            s.expectNoLeak(of: token, in: error)
        }
    }

    @Test("a revoked token answered 200 with revoked: true is refused as token-rejected", arguments: kinds)
    func revokedIn200(kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let minted = s.mint(kind)
            #expect(s.server.revokeMachineToken(minted.token, reason: "leaked"))
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(error?.kind == .tokenRejected)
            #expect(error?.isMachineTokenRejection == true)
            #expect(error?.message.contains("revoked") == true)
            #expect(s.server.machineVerifyCount(kind) == 1)
            s.expectNoLeak(of: minted.token, in: error)
        }
    }

    @Test("an expired token answered 200 with expired: true is refused as token-rejected", arguments: kinds)
    func expiredIn200(kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let minted = s.mint(kind, lifetime: .seconds(-60))
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(error?.kind == .tokenRejected)
            #expect(error?.isMachineTokenRejection == true)
            #expect(error?.message.contains("expired") == true)
            s.expectNoLeak(of: minted.token, in: error)
        }
    }

    @Test("with the not-found style, a revoked or expired token is a 404 rejection", arguments: kinds)
    func notFoundStyle(kind: ClerkTokenKind) async throws {
        try await Stack.run(rejectionStyle: .notFound) { s in
            let revoked = s.mint(kind)
            s.server.revokeMachineToken(revoked.token)
            let expired = s.mint(kind, lifetime: .seconds(-1))
            for token in [revoked.token, expired.token] {
                let error = await apiError { _ = try await s.client.verifyMachineToken(token, kind: kind) }
                #expect(error?.status == 404)
                #expect(error?.isMachineTokenRejection == true)
            }
        }
    }

    @Test("an expiration in the past is refused even when Clerk says expired: false")
    func pastExpirationWithoutFlag() async throws {
        try await Stack.run { s in
            let minted = s.mint(.m2mToken)
            s.server.injectFault(
                path: "/m2m_tokens/verify", status: 200,
                body: """
                    {"object":"machine_to_machine_token","id":"mt_1","subject":"mch_1","claims":null,"scopes":[],\
                    "revoked":false,"revocation_reason":null,"expired":false,"expiration":1000,"last_used_at":null,\
                    "created_at":500,"updated_at":500}
                    """)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken) }
            #expect(error?.kind == .tokenRejected)
            #expect(error?.isMachineTokenRejection == true)
        }
    }

    @Test("{\"active\": false} from the OAuth endpoint is refused as token-rejected")
    func inactiveOAuth() async throws {
        try await Stack.run { s in
            let minted = s.mint(.oauthToken)
            s.server.injectFault(
                path: "/oauth_applications/access_tokens/verify", status: 200, body: #"{"active":false}"#)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .oauthToken) }
            #expect(error?.kind == .tokenRejected)
            #expect(error?.isMachineTokenRejection == true)
            #expect(s.server.machineVerifyCount(.oauthToken) == 1)
        }
    }

    @Test(
        "a 200 answer of the wrong shape is an invalid response, not a rejection",
        arguments: [
            #"{"object":"api_key","id":"ak_1","subject":"mch_1","revoked":false,"expired":false,"created_at":1,"updated_at":1}"#,
            #"{"object":"machine_to_machine_token","id":"mt_1","revoked":false,"expired":false,"created_at":1,"updated_at":1}"#,
            #"{"object":"machine_to_machine_token","id":"mt_1","subject":"mch_1","expired":false,"created_at":1,"updated_at":1}"#,
            #"{"object":"machine_to_machine_token","id":"mt_1","subject":"mch_1","revoked":false,"expired":false,"created_at":1,"updated_at":1,"claims":[1]}"#,
            #"{"active":true}"#,
            "[]",
            "<html>oops</html>",
        ])
    func wrongShape(body: String) async throws {
        try await Stack.run { s in
            let minted = s.mint(.m2mToken)
            s.server.injectFault(path: "/m2m_tokens/verify", status: 200, body: body)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken) }
            #expect(error?.kind == .invalidResponse)
            #expect(error?.isMachineTokenRejection == false)
        }
    }

    @Test("{\"active\": false} from the M2M endpoint is an invalid response (only OAuth answers it)")
    func inactiveFromM2M() async throws {
        try await Stack.run { s in
            let minted = s.mint(.m2mToken)
            s.server.injectFault(path: "/m2m_tokens/verify", status: 200, body: #"{"active":false}"#)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken) }
            #expect(error?.kind == .invalidResponse)
        }
    }

    // MARK: Clerk unable to judge

    @Test("5xx and 429 answers are not rejections, and are not retried", arguments: [500, 502, 503, 504, 429])
    func serverErrors(status: Int) async throws {
        try await Stack.run { s in
            let minted = s.mint(.apiKey)
            s.server.injectFault(
                path: "/api_keys/verify", status: status,
                body: #"{"errors":[{"message":"busy","long_message":"try later","code":"busy"}]}"#,
                headers: [("Retry-After", "1")], count: 5)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .apiKey) }
            #expect(error?.kind == .http)
            #expect(error?.status == status)
            #expect(error?.isMachineTokenRejection == false)
            #expect(s.server.requests.count == 1)
            #expect(s.server.machineVerifyCount(.apiKey) == 1)
            #expect(s.sleeps.recorded.isEmpty)
        }
    }

    @Test("one request only on a 503, for every kind", arguments: kinds)
    func noRetries(kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let minted = s.mint(kind)
            s.server.injectFault(path: Self.path[kind]!, status: 503, count: 3)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(error?.status == 503)
            #expect(s.server.requests.count == 1)
            #expect(s.server.machineVerifyCount(kind) == 1)
            #expect(s.sleeps.recorded.isEmpty)
        }
    }

    @Test("a wrong secret key is a 401 with Clerk's envelope, not a rejection", arguments: kinds)
    func wrongSecret(kind: ClerkTokenKind) async throws {
        try await Stack.run(configure: { $0.secretKey = "sk_test_wrong_0000000000000000" }) { s in
            let minted = s.mint(kind)
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(error?.kind == .http)
            #expect(error?.status == 401)
            #expect(error?.errors.first?.code == "clerk_key_invalid")
            #expect(error?.isMachineTokenRejection == false)
            #expect(!(error.map { "\($0)" } ?? "").contains("sk_test_wrong_0000000000000000"))
            s.expectNoLeak(of: minted.token, in: error)
        }
    }

    @Test("a transport failure (the server is gone) is not a rejection")
    func transportFailure() async throws {
        try await Stack.run { s in
            let minted = s.mint(.m2mToken)
            try await s.server.shutdown()
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .m2mToken) }
            #expect(error?.kind == .transport)
            #expect(error?.isMachineTokenRejection == false)
            #expect(s.sleeps.recorded.isEmpty)
            s.expectNoLeak(of: minted.token, in: error)
        }
    }

    @Test("a slow Clerk is a timeout, not a rejection")
    func timeout() async throws {
        try await Stack.run(configure: { $0.timeout = .milliseconds(300) }) { s in
            let minted = s.mint(.oauthToken)
            // Far beyond any stall of the test run: AsyncHTTPClient's deadline reaches the request through an actor on
            // the cooperative pool, which a full two-core run can hold for tens of seconds (a 30 s delay once lost the race).
            s.server.injectFault(
                path: "/oauth_applications/access_tokens/verify", status: 200, body: "{}", delay: .seconds(600))
            let error = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: .oauthToken) }
            #expect(error?.kind == .timeout)
            #expect(error?.isMachineTokenRejection == false)
            #expect(s.server.machineVerifyCount(.oauthToken) == 1)
        }
    }

    // MARK: Arguments

    @Test(
        "bad arguments are refused before anything is sent",
        arguments: [
            ("", ClerkTokenKind.m2mToken), ("mt_" + String(repeating: "a", count: 510), .m2mToken),
            ("ak_valid_but_wrong_kind", .m2mToken), ("mt_valid_but_wrong_kind", .apiKey),
            ("oat", .oauthToken), ("xoat_abc", .oauthToken), ("mt_aaa.bbb.ccc", .m2mToken),
            ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln", .oauthToken), ("ak_abc", .sessionToken),
        ])
    func invalidArguments(token: String, kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let error = await apiError { _ = try await s.client.verifyMachineToken(token, kind: kind) }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.isMachineTokenRejection == false)
            #expect(s.server.requests.isEmpty)
            if token.utf8.count >= 4 { s.expectNoLeak(of: token, in: error) }
        }
    }

    @Test("a token of exactly 512 bytes is sent")
    func longestToken() async throws {
        try await Stack.run { s in
            let token = "ak_" + String(repeating: "b", count: 509)
            let error = await apiError { _ = try await s.client.machineTokens.verifyAPIKey(token) }
            #expect(error?.status == 404)
            #expect(s.server.requests.count == 1)
        }
    }

    // MARK: No token in errors

    @Test("a token Clerk echoes back is scrubbed from the error and the logs", arguments: kinds)
    func echoedToken(kind: ClerkTokenKind) async throws {
        try await Stack.run { s in
            let minted = s.mint(kind)
            let echo =
                #"{"errors":[{"message":"bad \#(minted.token)","long_message":"token \#(minted.token) is bad","code":"x \#(minted.token)"}],"clerk_trace_id":"\#(minted.token)"}"#
            s.server.injectFault(path: Self.path[kind]!, status: 404, body: echo)
            let first = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(first?.status == 404)
            s.expectNoLeak(of: minted.token, in: first)

            s.server.injectFault(path: Self.path[kind]!, status: 200, body: #"{"unexpected":"\#(minted.token)"}"#)
            let second = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(second?.kind == .invalidResponse)
            s.expectNoLeak(of: minted.token, in: second)

            s.server.injectFault(path: Self.path[kind]!, status: 500, body: "oops \(minted.token)")
            let third = await apiError { _ = try await s.client.verifyMachineToken(minted.token, kind: kind) }
            #expect(third?.status == 500)
            s.expectNoLeak(of: minted.token, in: third)
        }
    }

    // MARK: Configuration and fake

    @Test("the machine secret key is redacted from the configuration's description and reflection")
    func machineSecretRedacted() {
        let configuration = ClerkBackendClient.Configuration(
            secretKey: "sk_test_abcdefghijkl", machineSecretKey: Self.machineSecret)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [configuration.description, configuration.debugDescription, dumped, "\(configuration)"] {
            #expect(!text.contains(Self.machineSecret))
            #expect(text.contains("ak_***"))
        }
        let client = ClerkBackendClient(configuration: configuration)
        #expect(!client.description.contains(Self.machineSecret))
    }

    @Test("the fake's JWT conveniences delegate to the issuer")
    func jwtConveniences() async throws {
        try await Stack.run { s in
            #expect(s.server.m2mJWT().split(separator: ".").count == 3)
            #expect(s.server.oauthAccessTokenJWT().split(separator: ".").count == 3)
            #expect(ClerkTokenKind.opaqueKind(of: s.server.m2mJWT()) == nil)
        }
    }
}
