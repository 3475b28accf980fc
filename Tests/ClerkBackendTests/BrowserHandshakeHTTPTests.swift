import AsyncHTTPClient
import ClerkSession
import ClerkTesting
import NIOCore
import NIOHTTP1
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend

/// Issue 17 (2, 5, 6): the handshake out and back over real HTTP with the fake Clerk, as a browser would
/// go: the app's 307 to the Frontend API's handshake endpoint, the Frontend API's 307 back with a handshake
/// token or a nonce, and the app resolving it (a nonce through `GET /v1/clients/handshake_payload`).
@Suite("Browser flows: the handshake over HTTP")
struct BrowserHandshakeHTTPTests {
    struct Stack {
        let server: FakeClerkServer
        let client: ClerkBackendClient
        let http: HTTPClient
        let sessionID: String
        let refreshToken: String
        let live: Bool

        static func start(live: Bool) async throws -> Stack {
            let server = try await FakeClerkServer.start(issuer: sharedIssuer)
            let (session, refreshToken) = server.createSession(userID: "user_browser")
            let http = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
            var configuration = ClerkBackendClient.Configuration(secretKey: server.secretKey, baseURL: server.baseURL)
            configuration.retryPolicy = .init(maximumRetries: 0, sleep: { _ in })
            let client = ClerkBackendClient(configuration: configuration, httpClient: http)
            return Stack(
                server: server, client: client, http: http, sessionID: session.id, refreshToken: refreshToken,
                live: live)
        }

        func shutdown() async throws {
            try await http.shutdown()
            try await server.shutdown()
        }

        var key: PublishableKey {
            try! PublishableKey(PublishableKey.encode(host: sharedIssuer.frontendAPIHost, live: live))
        }

        /// The app: browser flows with the fake as its Frontend API (through `proxyURL`).
        func authenticator(configure: (inout ClerkBrowserFlows) -> Void = { _ in }) -> ClerkRequestAuthenticator {
            var flows = ClerkBrowserFlows(
                publishableKey: key, publicOrigin: .fixed("https://app.example.test"), proxyURL: server.baseURL)
            configure(&flows)
            let verifier = SessionTokenVerifier(
                configuration: .init(issuers: [sharedIssuer.issuer]),
                keyStore: SessionKeyStore(keySet: sharedIssuer.keySet))
            return ClerkRequestAuthenticator(
                verifier: verifier, backend: client, configuration: .init(browserFlows: flows))
        }

        /// The browser follows `location` to the fake Frontend API with its `__client` cookie; returns where
        /// it is sent back and the cookies set on the way.
        func followToFrontendAPI(_ location: String, client clientCookie: String?) async throws
            -> (location: String, setCookies: [String])
        {
            var request = HTTPClientRequest(url: location)
            if let clientCookie { request.headers.add(name: "Cookie", value: "__client=\(clientCookie)") }
            let response = try await http.execute(request, timeout: .seconds(10))
            #expect(response.status == .temporaryRedirect)
            return (response.headers.first(name: "Location") ?? "", response.headers["Set-Cookie"])
        }

        var expired: String {
            server.sessionToken(forSession: sessionID, issuedAt: sharedIssuer.clock.now() - 3600) ?? ""
        }
    }

    static func page(_ target: String, cookies: [String]) -> ClerkRequest {
        ClerkRequest(
            method: "GET",
            headers: [(name: "Sec-Fetch-Dest", value: "document")]
                + (cookies.isEmpty ? [] : [(name: "Cookie", value: cookies.joined(separator: "; "))]),
            target: target)
    }

    /// The target (path and query) of an absolute URL on the app's origin.
    static func target(of location: String) -> String {
        ClerkURL(absolute: location)?.relative ?? "/"
    }

    static func nameValue(_ directive: String) -> String {
        String(directive.split(separator: ";", maxSplits: 1).first ?? "")
    }

    @Test(
        "development: a stale page load goes out, comes back with a handshake token, lands signed in on the clean URL")
    func developmentRoundTrip() async throws {
        let stack = try await Stack.start(live: false)
        let app = stack.authenticator()
        let now = Int(sharedIssuer.clock.now())
        let first = await app.authenticate(
            Self.page(
                "/dashboard?tab=2",
                cookies: ["__clerk_db_jwt=dvb_1", "__session=\(stack.expired)", "__client_uat=\(now - 7200)"]))
        guard case .handshake(let out) = first, let location = out.location else {
            Issue.record("expected a handshake, got \(first)")
            try await stack.shutdown()
            return
        }
        #expect(location.hasPrefix(stack.server.handshakeURL + "?"))
        #expect(out.reason.rawValue == "session-token-expired-refresh-non-eligible-no-refresh-cookie")
        let back = try await stack.followToFrontendAPI(location, client: stack.sessionID)
        #expect(back.location.hasPrefix("https://app.example.test/dashboard?tab=2&__clerk_handshake="))
        // Back on the app, with the old cookies and the handshake token in the query.
        let second = await app.authenticate(
            Self.page(
                Self.target(of: back.location),
                cookies: ["__clerk_db_jwt=dvb_1", "__session=\(stack.expired)", "__client_uat=\(now - 7200)"]))
        guard case .handshake(let landing) = second else {
            Issue.record("expected the clean-URL redirect, got \(second)")
            try await stack.shutdown()
            return
        }
        #expect(landing.reason == .handshakeResolved)
        #expect(landing.location == "https://app.example.test/dashboard?tab=2")
        #expect(landing.session?.sessionID == stack.sessionID)
        let cookies = landing.headers.filter { $0.name == "Set-Cookie" }.map(\.value)
        #expect(cookies.contains { $0.hasPrefix("__session=ey") })
        #expect(cookies.contains { $0.hasPrefix("__client_uat=") })
        #expect(landing.headers.contains { $0.name == "Cache-Control" && $0.value == "no-store" })
        // The next page load with the new cookies is signed in, with no redirect.
        let newCookies = cookies.map(Self.nameValue).filter { !$0.hasSuffix("=") } + ["__clerk_db_jwt=dvb_1"]
        let third = await app.authenticate(Self.page("/dashboard?tab=2", cookies: newCookies))
        #expect(third.session?.userID == "user_browser")
        try await stack.shutdown()
    }

    @Test("production: the handshake token comes back as a cookie; the same request is signed in and sets the cookies")
    func productionTokenCookie() async throws {
        let stack = try await Stack.start(live: true)
        stack.server.handshakeStyle = .tokenInCookie
        let app = stack.authenticator()
        let first = await app.authenticate(Self.page("/", cookies: ["__client_uat=\(Int(sharedIssuer.clock.now()))"]))
        guard case .handshake(let out) = first, let location = out.location else {
            Issue.record("expected a handshake, got \(first)")
            try await stack.shutdown()
            return
        }
        #expect(out.reason == .clientUATButNoSessionToken)
        let back = try await stack.followToFrontendAPI(location, client: stack.sessionID)
        #expect(back.location == "https://app.example.test/")
        let handshakeCookie = back.setCookies.map(Self.nameValue).first { $0.hasPrefix("__clerk_handshake=") }
        let second = await app.authenticate(Self.page("/", cookies: [handshakeCookie ?? ""]))
        guard case .signedIn(let session, let cookies) = second else {
            Issue.record("expected signed in, got \(second)")
            try await stack.shutdown()
            return
        }
        #expect(session.sessionID == stack.sessionID)
        #expect(cookies.contains { $0.hasPrefix("__session=") })
        #expect(cookies.contains { $0.hasPrefix("__clerk_handshake=;") })
        try await stack.shutdown()
    }

    @Test("a nonce is exchanged through GET /v1/clients/handshake_payload, once")
    func nonce() async throws {
        let stack = try await Stack.start(live: true)
        stack.server.handshakeStyle = .nonceInCookie
        let app = stack.authenticator()
        let first = await app.authenticate(Self.page("/", cookies: ["__client_uat=1"]))
        guard case .handshake(let out) = first, let location = out.location else {
            Issue.record("expected a handshake")
            try await stack.shutdown()
            return
        }
        let back = try await stack.followToFrontendAPI(location, client: stack.sessionID)
        let nonceCookie = back.setCookies.map(Self.nameValue).first { $0.hasPrefix("__clerk_handshake_nonce=") } ?? ""
        let second = await app.authenticate(Self.page("/", cookies: [nonceCookie]))
        #expect(second.session?.sessionID == stack.sessionID)
        let calls = stack.server.requests.filter { $0.path == "/v1/clients/handshake_payload" }
        #expect(calls.count == 1)
        #expect(calls.first?.header("Authorization") == "Bearer \(stack.server.secretKey)")
        // A used nonce yields nothing: carried on with the request's own cookies (none): signed out.
        let replay = await app.authenticate(Self.page("/", cookies: [nonceCookie]))
        #expect(replay.session == nil)
        try await stack.shutdown()
    }

    @Test("a stranger's junk nonce costs Clerk one call: concurrent requests share it, Clerk's 404 is remembered")
    func junkNonceIsBounded() async throws {
        let stack = try await Stack.start(live: true)
        let app = stack.authenticator()
        let junk = ClerkRequest(
            method: "GET", headers: [(name: "Cookie", value: "__clerk_handshake_nonce=nonce_junk_1")], target: "/")
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { await app.authenticate(junk).session == nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 50 && outcomes.allSatisfy { $0 })
        for _ in 0..<20 { #expect(await app.authenticate(junk).session == nil) }
        #expect(stack.server.requests.filter { $0.path == "/v1/clients/handshake_payload" }.count == 1)
        try await stack.shutdown()
    }

    @Test("distinct junk nonces cost Clerk at most refusedNonceExchangesPerMinute calls a minute, all together")
    func distinctJunkNoncesAreBounded() async throws {
        let stack = try await Stack.start(live: true)
        let app = stack.authenticator { $0.refusedNonceExchangesPerMinute = 5 }
        for i in 0..<40 {
            let junk = ClerkRequest(
                method: "GET", headers: [(name: "Cookie", value: "__clerk_handshake_nonce=nonce_junk_\(i)")],
                target: "/")
            #expect(await app.authenticate(junk).session == nil)
        }
        #expect(stack.server.requests.filter { $0.path == "/v1/clients/handshake_payload" }.count == 5)
        // The default budget, on a fresh authenticator: 30.
        let defaults = stack.authenticator()
        for i in 0..<40 {
            let junk = ClerkRequest(
                method: "GET", headers: [(name: "Cookie", value: "__clerk_handshake_nonce=other_junk_\(i)")],
                target: "/")
            _ = await defaults.authenticate(junk)
        }
        #expect(stack.server.requests.filter { $0.path == "/v1/clients/handshake_payload" }.count == 5 + 30)
        try await stack.shutdown()
    }

    @Test("a signed-out client: the handshake clears the cookies and the request is signed out with those directives")
    func signedOutClient() async throws {
        let stack = try await Stack.start(live: true)
        stack.server.handshakeStyle = .tokenInCookie
        let app = stack.authenticator()
        guard case .handshake(let out) = await app.authenticate(Self.page("/", cookies: ["__client_uat=1"])),
            let location = out.location
        else {
            Issue.record("expected a handshake")
            try await stack.shutdown()
            return
        }
        let back = try await stack.followToFrontendAPI(location, client: nil)
        let handshakeCookie = back.setCookies.map(Self.nameValue).first { $0.hasPrefix("__clerk_handshake=") } ?? ""
        let second = await app.authenticate(Self.page("/", cookies: [handshakeCookie]))
        guard case .signedOut(let reason) = second else {
            Issue.record("expected signed out, got \(second)")
            try await stack.shutdown()
            return
        }
        #expect(reason.code == .sessionTokenMissing)
        #expect(second.responseCookies.contains { $0.hasPrefix("__client_uat=0") })
        try await stack.shutdown()
    }

    @Test("an expired cookie with the suffixed refresh cookie is refreshed server-side, with suffixed_cookies sent")
    func refreshInBrowserMode() async throws {
        let stack = try await Stack.start(live: true)
        let app = stack.authenticator()
        let suffix = stack.key.cookieSuffix
        let now = Int(sharedIssuer.clock.now())
        let result = await app.authenticate(
            ClerkRequest(
                method: "GET",
                headers: [
                    (name: "Sec-Fetch-Dest", value: "empty"),
                    (
                        name: "Cookie",
                        value:
                            "__session_\(suffix)=\(stack.expired); __client_uat_\(suffix)=\(now - 7200); __refresh_\(suffix)=\(stack.refreshToken)"
                    ),
                ], target: "/api/data"))
        #expect(result.session?.sessionID == stack.sessionID)
        let call = stack.server.requests.last { $0.path.hasSuffix("/refresh") }
        #expect(call?.queryValue("suffixed_cookies") == "true")
        // The fake suffixes with its own (test) key; Clerk uses the instance's.
        #expect(result.responseCookies.contains { $0.hasPrefix("__session_") })
        // The unsuffixed __refresh is not Clerk's name for it: not read.
        stack.server.clearRequests()
        let plain = await app.authenticate(
            ClerkRequest(
                method: "GET",
                headers: [
                    (name: "Sec-Fetch-Dest", value: "empty"),
                    (
                        name: "Cookie",
                        value: "__session=\(stack.expired); __client_uat=1; __refresh=\(stack.refreshToken)"
                    ),
                ], target: "/api/data"))
        #expect(plain.session == nil)
        #expect(stack.server.requests.filter { $0.path.hasSuffix("/refresh") }.isEmpty)
        try await stack.shutdown()
    }
}

/// Issue 17 (6): what a handshake may set. Directives for other cookies, or with a control character, are
/// dropped; a template token (another `cat`) or a stale one is no handshake.
@Suite("Browser flows: handshake safety")
struct BrowserHandshakeSafetyTests {
    static let issuer = sharedIssuer

    static func authenticator(live: Bool = true) -> ClerkRequestAuthenticator {
        let key = try! PublishableKey(PublishableKey.encode(host: issuer.frontendAPIHost, live: live))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]), keyStore: SessionKeyStore(keySet: issuer.keySet))
        return ClerkRequestAuthenticator(
            verifier: verifier,
            configuration: .init(
                browserFlows: .init(publishableKey: key, publicOrigin: .fixed("https://app.example.test"))))
    }

    static func handshakeToken(
        _ directives: [String], header: [(name: String, value: ClaimValue)]? = nil,
        extra: [(name: String, value: ClaimValue)] = []
    ) -> String {
        issuer.token(
            header: header ?? issuer.sessionHeader(),
            claims: [("handshake", .array(directives.map { .string($0) }))] + extra)
    }

    static func request(handshake token: String) -> ClerkRequest {
        ClerkRequest(
            method: "GET",
            headers: [
                (name: "Sec-Fetch-Dest", value: "document"), (name: "Cookie", value: "__clerk_handshake=\(token)"),
            ],
            target: "/")
    }

    @Test("only Clerk's cookie names are set, and no directive with a control character (no header injection)")
    func directivesAreFiltered() async {
        let session = Self.issuer.sessionToken()
        let token = Self.handshakeToken([
            "__session=\(session); Path=/", "__client_uat=1; Path=/", "admin=1; Path=/",
            "__client_uat=2\r\nX-Injected: 1", "__clerk_db_jwt=x; Path=/", "sessionid=evil",
        ])
        let result = await Self.authenticator().authenticate(Self.request(handshake: token))
        guard case .signedIn(_, let cookies) = result else {
            Issue.record("expected signed in, got \(result)")
            return
        }
        #expect(cookies == ["__session=\(session); Path=/", "__client_uat=1; Path=/", "__clerk_db_jwt=x; Path=/"])
    }

    @Test("the session is the last __session… directive, and it must verify: a forged one signs nobody in")
    func sessionMustVerify() async {
        let forged = TestIssuer(frontendAPIHost: Self.issuer.frontendAPIHost).sessionToken(userID: "user_attacker")
        let token = Self.handshakeToken(["__session=\(forged)", "__client_uat=1"])
        let result = await Self.authenticator().authenticate(Self.request(handshake: token))
        #expect(result.session == nil)
        let good = Self.issuer.sessionToken(userID: "user_first")
        let last = Self.issuer.sessionToken(userID: "user_last")
        let two = Self.handshakeToken(["__session=\(good)", "__session_abc=\(last)", "__client_uat=1"])
        #expect(await Self.authenticator().authenticate(Self.request(handshake: two)).session?.userID == "user_last")
    }

    @Test("a JWT-template token (another cat), an unsigned one, or an expired one is no handshake")
    func handshakeTokenRules() async {
        let session = Self.issuer.sessionToken()
        let template = Self.handshakeToken(
            ["__session=\(session)"],
            header: [("alg", "RS256"), ("cat", "cl_B7d4PD222AAA"), ("kid", .string(Self.issuer.currentKey.keyID))])
        let foreign = TestIssuer(frontendAPIHost: Self.issuer.frontendAPIHost).token(
            claims: [("handshake", .array([.string("__session=\(session)")]))])
        let now = Self.issuer.clock.now()
        let stale = Self.handshakeToken(["__session=\(session)"], extra: [("exp", .double(now - 600))])
        for token in [template, foreign, stale] {
            // Production: carried on with the request's own cookies (none here): signed out, not signed in.
            let result = await Self.authenticator().authenticate(Self.request(handshake: token))
            #expect(result.session == nil)
        }
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer]), keyStore: SessionKeyStore(keySet: Self.issuer.keySet))
        await #expect(throws: ClerkVerificationError.self) { _ = try await verifier.verifyHandshakeToken(stale) }
        await #expect(throws: ClerkVerificationError.self) { _ = try await verifier.verifyHandshakeToken(template) }
        let directives = try? await verifier.verifyHandshakeToken(Self.handshakeToken(["a=b"]))
        #expect(directives == ["a=b"])
        let notArray = Self.issuer.token(claims: [("handshake", "x")])
        await #expect(throws: ClerkVerificationError.self) { _ = try await verifier.verifyHandshakeToken(notArray) }
    }

    @Test("production ignores a handshake in the query (a login-CSRF link), development reads it")
    func queryHandshakeInProduction() async {
        let session = Self.issuer.sessionToken(userID: "user_attacker")
        let token = Self.handshakeToken(["__session=\(session)", "__client_uat=1"])
        let link = ClerkRequest(
            method: "GET", headers: [(name: "Sec-Fetch-Dest", value: "document")],
            target: "/?__clerk_handshake=\(token)")
        #expect(await Self.authenticator(live: true).authenticate(link).session == nil)
        let dev = await Self.authenticator(live: false).authenticate(link)
        guard case .handshake(let landing) = dev else {
            Issue.record("expected the clean-URL redirect in development")
            return
        }
        #expect(landing.location == "https://app.example.test/")
    }
}
