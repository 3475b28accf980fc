import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend

/// Issue 17 (1, 3, 6): Clerk's decision tree for cookie requests, row by row, in Clerk's order, with the
/// cases of clerk/javascript `request.test.ts`, `handshake.test.ts` and `authenticateContext.test.ts`
/// (see the reference `clerk-browser-flows.md` §4–§6). No network: the handshake is only built here; the
/// return trip over HTTP is in `BrowserHandshakeHTTPTests`.
@Suite("Browser flows: the decision tree")
struct BrowserFlowTests {
    static let issuer = sharedIssuer
    static let host = issuer.frontendAPIHost
    static let devKey = try! PublishableKey(PublishableKey.encode(host: host, live: false))
    static let liveKey = try! PublishableKey(PublishableKey.encode(host: host, live: true))

    static func authenticator(
        live: Bool = false, configure: (inout ClerkBrowserFlows) -> Void = { _ in },
        backend: (any ClerkSessionBackend)? = nil
    ) -> ClerkRequestAuthenticator {
        var flows = ClerkBrowserFlows(
            publishableKey: live ? liveKey : devKey, publicOrigin: .fixed("https://app.example.test"))
        configure(&flows)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]), keyStore: SessionKeyStore(keySet: issuer.keySet))
        return ClerkRequestAuthenticator(
            verifier: verifier, backend: backend, configuration: .init(browserFlows: flows))
    }

    /// A page load: `GET`, `Sec-Fetch-Dest: document` (Clerk's default test request), these cookies.
    static func page(
        _ cookies: [String] = [], target: String = "/path", method: String = "GET", dest: String? = "document",
        extra: [(name: String, value: String)] = []
    ) -> ClerkRequest {
        var headers: [(name: String, value: String)] = [(name: "Host", value: "attacker.example")]
        if let dest { headers.append((name: "Sec-Fetch-Dest", value: dest)) }
        if !cookies.isEmpty { headers.append((name: "Cookie", value: cookies.joined(separator: "; "))) }
        return ClerkRequest(method: method, headers: headers + extra, target: target)
    }

    static var now: Double { issuer.clock.now().rounded(.down) }
    static var valid: String { issuer.sessionToken(sessionID: "sess_browser") }
    static var expired: String { issuer.sessionToken(sessionID: "sess_browser", issuedAt: now - 3600) }
    /// Dev instances need a dev-browser token before anything else.
    static let devBrowser = "__clerk_db_jwt=dvb_123"

    static func outcome(_ result: AuthenticationResult) -> String {
        switch result {
        case .signedIn: "signed-in"
        case .signedInMachine: "machine"
        case .signedOut(let reason): "signed-out \(reason.code)"
        case .keysUnavailable(let error): "unavailable \(error.code)"
        case .handshake(let handshake): "handshake \(handshake.reason)"
        }
    }

    static func query(_ location: String?) -> [(String, String)] {
        guard let location, let url = ClerkURL(absolute: location) else { return [] }
        return url.query.map { (ClerkURL.decode($0.name), ClerkURL.decode($0.value)) }
    }

    static func value(_ items: [(String, String)], _ name: String) -> String? {
        items.first { $0.0.utf8.elementsEqual(name.utf8) }?.1
    }

    static func headers(_ result: AuthenticationResult, _ name: String) -> [String] {
        let all: [(name: String, value: String)]
        switch result {
        case .handshake(let h): all = h.headers
        case .signedOut(let r): all = r.responseHeaders
        default: all = []
        }
        return all.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    // MARK: Rows 5–9

    @Test("row 6: a development page load without a dev-browser token hands shake (dev-browser-missing)")
    func devBrowserMissing() async {
        let result = await Self.authenticator().authenticate(Self.page())
        #expect(Self.outcome(result) == "handshake dev-browser-missing")
        guard case .handshake(let handshake) = result else { return }
        let location = handshake.location ?? ""
        #expect(location.hasPrefix("https://\(Self.host)/v1/client/handshake?"))
        let items = Self.query(location)
        #expect(
            items.map(\.0) == [
                "redirect_url", "__clerk_api_version", "suffixed_cookies", "__clerk_hs_reason", "format",
            ])
        #expect(Self.value(items, "redirect_url") == "https://app.example.test/path")
        #expect(Self.value(items, "__clerk_api_version") == "2026-05-12")
        #expect(Self.value(items, "suffixed_cookies") == "false")
        #expect(Self.value(items, "format") == "nonce")
        #expect(Self.headers(result, "Cache-Control") == ["no-store"])
        #expect(
            Self.headers(result, "Set-Cookie") == [
                "__clerk_redirect_count=1; Path=/; SameSite=Lax; HttpOnly; Max-Age=2"
            ])
        #expect(Self.headers(result, "x-clerk-auth-status") == ["handshake"])
        #expect(Self.headers(result, "x-clerk-auth-reason") == ["dev-browser-missing"])
    }

    @Test(
        "row 5: __clerk_db_jwt in the query of a development page load: dev-browser-sync, and the dev browser is passed on"
    )
    func devBrowserSync() async {
        let result = await Self.authenticator().authenticate(
            Self.page(target: "/path?__clerk_db_jwt=dvb_q&x=1"))
        #expect(Self.outcome(result) == "handshake dev-browser-sync")
        guard case .handshake(let handshake) = result else { return }
        let items = Self.query(handshake.location)
        // The redirect URL drops __clerk_db_jwt; the handshake carries it as its own parameter.
        #expect(Self.value(items, "redirect_url") == "https://app.example.test/path?x=1")
        #expect(Self.value(items, "__clerk_db_jwt") == "dvb_q")
    }

    @Test("row 7: no session cookie and no __client_uat: signed out, no handshake (production and development)")
    func signedOutWithoutCookies() async {
        #expect(
            Self.outcome(await Self.authenticator(live: true).authenticate(Self.page()))
                == "signed-out session-token-and-uat-missing")
        #expect(
            Self.outcome(await Self.authenticator().authenticate(Self.page([Self.devBrowser, "__client_uat=0"])))
                == "signed-out session-token-and-uat-missing")
    }

    @Test("row 8: a session cookie without __client_uat (or 0): handshake, with the token in the URL")
    func sessionWithoutClientUAT() async {
        let token = Self.valid
        for cookies in [["__session=\(token)"], ["__session=\(token)", "__client_uat=0"]] {
            let result = await Self.authenticator(live: true).authenticate(Self.page(cookies))
            #expect(Self.outcome(result) == "handshake session-token-but-no-client-uat")
            if case .handshake(let h) = result { #expect(Self.value(Self.query(h.location), "__session") == token) }
        }
    }

    @Test("row 9: __client_uat set and no session cookie: handshake")
    func clientUATWithoutSession() async {
        let result = await Self.authenticator(live: true).authenticate(Self.page(["__client_uat=\(Int(Self.now))"]))
        #expect(Self.outcome(result) == "handshake client-uat-but-no-session-token")
        if case .handshake(let h) = result { #expect(Self.value(Self.query(h.location), "__session") == nil) }
    }

    // MARK: Rows 10–13

    @Test("row 10: a session cookie that does not decode: signed out token-invalid")
    func undecodable() async {
        let result = await Self.authenticator(live: true).authenticate(
            Self.page(["__session=not.a.jwt", "__client_uat=\(Int(Self.now))"]))
        #expect(Self.outcome(result) == "signed-out token-invalid")
    }

    @Test("row 11: a machine token in the session cookie: signed out token-type-mismatch")
    func machineTokenInCookie() async {
        let m2m = Self.issuer.m2mToken()
        let result = await Self.authenticator(live: true).authenticate(
            Self.page(["__session=\(m2m)", "__client_uat=1"]))
        #expect(Self.outcome(result) == "signed-out token-type-mismatch")
    }

    @Test("row 12: a token issued before __client_uat: handshake session-token-iat-before-client-uat")
    func issuedBeforeClientUAT() async {
        let result = await Self.authenticator(live: true).authenticate(
            Self.page(["__session=\(Self.valid)", "__client_uat=\(Int(Self.now) + 5)"]))
        #expect(Self.outcome(result) == "handshake session-token-iat-before-client-uat")
    }

    @Test("row 13: an expired cookie: handshake with the refresh reason on a page load, signed out otherwise")
    func expired() async {
        let cookies = ["__session=\(Self.expired)", "__client_uat=\(Int(Self.now) - 7200)"]
        let auth = Self.authenticator(live: true)
        #expect(
            Self.outcome(await auth.authenticate(Self.page(cookies)))
                == "handshake session-token-expired-refresh-non-eligible-no-refresh-cookie")
        // A fetch() (Sec-Fetch-Dest: empty) is not eligible for a handshake: the same reason, signed out.
        #expect(
            Self.outcome(await auth.authenticate(Self.page(cookies, dest: "empty")))
                == "signed-out session-token-expired-refresh-non-eligible-no-refresh-cookie")
        // A form POST is never redirected (Clerk's #8045) nor refreshed.
        #expect(
            Self.outcome(await auth.authenticate(Self.page(cookies, method: "POST")))
                == "signed-out session-token-expired-refresh-non-eligible-non-get")
    }

    @Test("row 13: a token not yet valid or from the future hands shake; a bad signature signs out")
    func otherVerificationFailures() async {
        let auth = Self.authenticator(live: true)
        let future = Self.issuer.sessionToken(issuedAt: Self.now + 600)
        #expect(
            Self.outcome(await auth.authenticate(Self.page(["__session=\(future)", "__client_uat=1"])))
                == "handshake session-token-nbf")
        let forged = TestIssuer(frontendAPIHost: Self.host).sessionToken()
        #expect(
            Self.outcome(await auth.authenticate(Self.page(["__session=\(forged)", "__client_uat=1"])))
                == "signed-out token-invalid-signature")
    }

    @Test("row 17: a valid cookie is signed in, with no header to add")
    func signedIn() async {
        let result = await Self.authenticator(live: true).authenticate(
            Self.page(["__session=\(Self.valid)", "__client_uat=\(Int(Self.now) - 10)"]))
        #expect(Self.outcome(result) == "signed-in")
        #expect(result.responseCookies.isEmpty)
    }

    // MARK: Row 15

    @Test("row 15: a page load from another site hands shake once; Clerk's own origins and a counted redirect do not")
    func crossOriginReferrer() async {
        let auth = Self.authenticator(live: true)
        let cookies = ["__session=\(Self.valid)", "__client_uat=\(Int(Self.now) - 10)"]
        let fromSearch = await auth.authenticate(
            Self.page(cookies, extra: [(name: "Referer", value: "https://search.example/?q=app")]))
        #expect(Self.outcome(fromSearch) == "handshake primary-domain-cross-origin-sync")
        let counted = await auth.authenticate(
            Self.page(
                cookies + ["__clerk_redirect_count=1"], extra: [(name: "Referer", value: "https://search.example/")]))
        #expect(Self.outcome(counted) == "signed-in")
        for referer in ["https://\(Self.host)/v1/client", "https://app.example.test/other"] {
            let result = await auth.authenticate(Self.page(cookies, extra: [(name: "Referer", value: referer)]))
            #expect(Self.outcome(result) == "signed-in", "\(referer)")
        }
        // An unrelated accounts.* host is not trusted.
        let accounts = await auth.authenticate(
            Self.page(cookies, extra: [(name: "Referer", value: "https://accounts.unrelated.example/")]))
        #expect(Self.outcome(accounts) == "handshake primary-domain-cross-origin-sync")
        // A fetch() from another site is not a page load.
        let xhr = await auth.authenticate(
            Self.page(cookies, dest: "empty", extra: [(name: "Referer", value: "https://search.example/")]))
        #expect(Self.outcome(xhr) == "signed-in")
    }

    @Test("the account portal of the instance counts as Clerk's own origin")
    func accountsPortal() {
        #expect(ClerkRequestAuthenticator.accountsBaseURL("clerk.example.com") == "https://accounts.example.com")
        #expect(ClerkRequestAuthenticator.accountsBaseURL("clerk.accounts.dev") == "https://accounts.dev")
        #expect(
            ClerkRequestAuthenticator.accountsBaseURL("clerk.accountsstage.dev") == "https://accountsstage.dev")
        #expect(ClerkRequestAuthenticator.isDevAccountPortal("foo-bar-13.accounts.dev"))
        #expect(ClerkRequestAuthenticator.isDevAccountPortal("accounts.inspired.puma-74.lcl.dev"))
        #expect(!ClerkRequestAuthenticator.isDevAccountPortal("foo.clerk.accounts.dev"))
        #expect(!ClerkRequestAuthenticator.isDevAccountPortal("accounts.example.com"))
    }

    // MARK: Eligibility and the loop guard (handleMaybeHandshakeStatus)

    @Test("eligible for a handshake: GET to a document or iframe, or Accept text/html without Sec-Fetch-Dest")
    func eligibility() async {
        let auth = Self.authenticator(live: true)
        let cookies = ["__client_uat=\(Int(Self.now))"]
        let cases: [(String?, String?, String, Bool)] = [
            ("document", nil, "GET", true), ("iframe", nil, "GET", true), ("empty", "text/html", "GET", false),
            (nil, "text/html,application/xhtml+xml", "GET", true), (nil, "application/json", "GET", false),
            (nil, nil, "GET", false), ("document", nil, "POST", false), ("document", nil, "get", false),
        ]
        for (dest, accept, method, handshakes) in cases {
            let extra = accept.map { [(name: "Accept", value: $0)] } ?? []
            let result = await auth.authenticate(Self.page(cookies, method: method, dest: dest, extra: extra))
            let expected = handshakes ? "handshake" : "signed-out"
            #expect(
                Self.outcome(result) == "\(expected) client-uat-but-no-session-token",
                "dest \(dest ?? "-") accept \(accept ?? "-") \(method)")
        }
    }

    @Test("the loop guard: the third redirect is the last; at 3 or past it (a forged count) signed out")
    func loopGuard() async {
        let auth = Self.authenticator(live: true)
        let base = ["__client_uat=\(Int(Self.now))"]
        let second = await auth.authenticate(Self.page(base + ["__clerk_redirect_count=2"]))
        #expect(Self.outcome(second) == "handshake client-uat-but-no-session-token")
        #expect(Self.headers(second, "Set-Cookie").first?.hasPrefix("__clerk_redirect_count=3;") == true)
        for count in ["3", "4", "99999"] {
            let result = await auth.authenticate(Self.page(base + ["__clerk_redirect_count=\(count)"]))
            #expect(Self.outcome(result) == "signed-out client-uat-but-no-session-token")
            if case .signedOut(let reason) = result {
                #expect(reason.message.hasPrefix("Refreshing the session token resulted in an infinite redirect loop"))
            }
        }
        // Not a number counts as 0 (JavaScript's Number(x) || 0).
        let junk = await auth.authenticate(Self.page(base + ["__clerk_redirect_count=abc"]))
        #expect(Self.headers(junk, "Set-Cookie").first?.hasPrefix("__clerk_redirect_count=1;") == true)
    }

    // MARK: Safety: the redirect target comes from configuration

    @Test("the handshake's redirect_url is built from the configured origin, never from Host or forwarded headers")
    func redirectTargetFromConfiguration() async {
        let auth = Self.authenticator(live: true)
        let result = await auth.authenticate(
            Self.page(
                ["__client_uat=1"], target: "/a?b=c",
                extra: [(name: "X-Forwarded-Host", value: "evil.example"), (name: "X-Forwarded-Proto", value: "https")])
        )
        guard case .handshake(let h) = result else {
            Issue.record("expected a handshake, got \(Self.outcome(result))")
            return
        }
        #expect(Self.value(Self.query(h.location), "redirect_url") == "https://app.example.test/a?b=c")
        // Trusting forwarded headers is a choice; with it, they are used.
        let trusting = Self.authenticator(live: true) { $0.publicOrigin = .forwardedHeaders }
        let forwarded = await trusting.authenticate(
            Self.page(
                ["__client_uat=1"], target: "/a",
                extra: [
                    (name: "X-Forwarded-Host", value: "proxy.example"), (name: "X-Forwarded-Proto", value: "https"),
                ]))
        if case .handshake(let f) = forwarded {
            #expect(Self.value(Self.query(f.location), "redirect_url") == "https://proxy.example/a")
        } else {
            Issue.record("expected a handshake")
        }
        // A Host that is not a host name gives no origin: signed out rather than a redirect built from it.
        let hostRule = Self.authenticator(live: true) { $0.publicOrigin = .hostHeader(scheme: "https") }
        let broken = await hostRule.authenticate(
            ClerkRequest(
                method: "GET",
                headers: [
                    (name: "Host", value: "evil.example/@x"), (name: "Sec-Fetch-Dest", value: "document"),
                    (name: "Cookie", value: "__client_uat=1"),
                ], target: "/"))
        #expect(Self.outcome(broken) == "signed-out client-uat-but-no-session-token")
    }

    @Test("a proxy URL (absolute or a path) is where the handshake goes; a production satellite uses clerk.<domain>")
    func frontendAPIChoice() async {
        let proxied = Self.authenticator(live: true) { $0.proxyURL = "/__clerk/" }
        if case .handshake(let h) = await proxied.authenticate(Self.page(["__client_uat=1"])) {
            #expect(h.location?.hasPrefix("https://app.example.test/__clerk/v1/client/handshake?") == true)
        } else {
            Issue.record("expected a handshake")
        }
        let absolute = Self.authenticator(live: true) { $0.proxyURL = "https://example.com/clerk" }
        if case .handshake(let h) = await absolute.authenticate(Self.page(["__client_uat=1"])) {
            #expect(h.location?.hasPrefix("https://example.com/clerk/v1/client/handshake?") == true)
        } else {
            Issue.record("expected a handshake")
        }
        let satellite = Self.authenticator(live: true) {
            $0.isSatellite = true
            $0.domain = "example.com"
        }
        if case .handshake(let h) = await satellite.authenticate(Self.page(["__client_uat=1"])) {
            #expect(h.location?.hasPrefix("https://clerk.example.com/v1/client/handshake?") == true)
        } else {
            Issue.record("expected a handshake")
        }
    }

    // MARK: Rows 2–4: satellites and development multi-domain sync

    @Test("row 2: a production satellite without cookies waits (lazy sync), syncs on __clerk_synced=false or auto-sync")
    func productionSatellite() async {
        func satellite(autoSync: Bool) -> ClerkRequestAuthenticator {
            Self.authenticator(live: true) {
                $0.isSatellite = true
                $0.domain = "satellite.example"
                $0.satelliteAutoSync = autoSync
            }
        }
        #expect(
            Self.outcome(await satellite(autoSync: false).authenticate(Self.page()))
                == "signed-out session-token-and-uat-missing")
        let needsSync = await satellite(autoSync: false).authenticate(Self.page(target: "/?__clerk_synced=false"))
        #expect(Self.outcome(needsSync) == "handshake satellite-needs-syncing")
        if case .handshake(let h) = needsSync {
            #expect(h.location?.hasPrefix("https://clerk.satellite.example/v1/client/handshake?") == true)
        }
        #expect(
            Self.outcome(await satellite(autoSync: true).authenticate(Self.page()))
                == "handshake satellite-needs-syncing")
        // Synced: no second sync.
        #expect(
            Self.outcome(await satellite(autoSync: true).authenticate(Self.page(target: "/?__clerk_synced=true")))
                == "signed-out session-token-and-uat-missing")
    }

    @Test("row 3: a development satellite syncs through the primary's sign-in page")
    func developmentSatellite() async {
        let auth = Self.authenticator {
            $0.isSatellite = true
            $0.domain = "satellite.dev"
            $0.signInURL = "https://primary.dev/sign-in"
            $0.satelliteAutoSync = true
        }
        let result = await auth.authenticate(Self.page(target: "/path"))
        #expect(Self.outcome(result) == "handshake satellite-needs-syncing")
        if case .handshake(let h) = result {
            #expect(
                h.location == "https://primary.dev/sign-in?__clerk_redirect_url=https%3A%2F%2Fapp.example.test%2Fpath")
        }
    }

    @Test("row 4: a development primary sends the satellite back with its dev browser and __clerk_synced=true")
    func primaryRespondsToSyncing() async {
        let auth = Self.authenticator()
        let result = await auth.authenticate(
            Self.page(
                [Self.devBrowser],
                target:
                    "/sign-in?__clerk_redirect_url=\(ClerkURL.encode("https://satellite.dev/p?__clerk_synced=false"))"))
        #expect(Self.outcome(result) == "handshake primary-responds-to-syncing")
        if case .handshake(let h) = result {
            #expect(h.location == "https://satellite.dev/p?__clerk_synced=true&__clerk_db_jwt=dvb_123")
        }
    }

    @Test("a satellite configuration without a domain or proxy, or a dev one without a sign-in URL, is refused")
    func satelliteValidation() {
        var flows = ClerkBrowserFlows(publishableKey: Self.liveKey, publicOrigin: .fixed("https://app.example.test"))
        flows.isSatellite = true
        #expect(throws: ClerkVerificationError.self) { try flows.validate() }
        flows.domain = "satellite.example"
        #expect(throws: Never.self) { try flows.validate() }
        var dev = ClerkBrowserFlows(
            publishableKey: Self.devKey, publicOrigin: .fixed("https://app.example.test"), isSatellite: true,
            domain: "satellite.dev")
        #expect(throws: ClerkVerificationError.self) { try dev.validate() }
        dev.signInURL = "https://primary.dev/sign-in"
        #expect(throws: Never.self) { try dev.validate() }
        let badOrigin = ClerkBrowserFlows(publishableKey: Self.liveKey, publicOrigin: .fixed("app.example.test"))
        #expect(throws: ClerkVerificationError.self) { try badOrigin.validate() }
    }

    @Test("the nonce refusal budget is at least 1")
    func nonceRefusalBudgetValidation() {
        var flows = ClerkBrowserFlows(publishableKey: Self.liveKey, publicOrigin: .fixed("https://app.example.test"))
        #expect(flows.refusedNonceExchangesPerMinute == 30)
        flows.refusedNonceExchangesPerMinute = 1
        #expect(throws: Never.self) { try flows.validate() }
        for invalid in [0, -1, Int.min] {
            flows.refusedNonceExchangesPerMinute = invalid
            #expect(throws: ClerkVerificationError.self) { try flows.validate() }
        }
    }

    // MARK: Row 16: organization sync by URL

    @Test("path patterns: literal segments, one-segment parameters, a trailing rest; anything else refused")
    func pathPatterns() {
        let bySlug = PathPattern("/orgs/:slug")
        #expect(bySlug?.match("/orgs/acme")?.first?.value == "acme")
        #expect(bySlug?.match("/orgs/acme/")?.first?.value == "acme")
        #expect(bySlug?.match("/orgs/ac%20me")?.first?.value == "ac me")
        #expect(bySlug?.match("/orgs") == nil)
        #expect(bySlug?.match("/orgs/acme/x") == nil)
        #expect(bySlug?.match("/other/acme") == nil)
        let rest = PathPattern("/orgs/:slug/(.*)")
        #expect(rest?.match("/orgs/acme/x/y")?.first?.value == "acme")
        #expect(rest?.match("/orgs/acme/")?.first?.value == "acme")
        #expect(rest?.match("/orgs/acme") == nil)
        for bad in ["orgs/:id", "/a/(.*)/b", "/:", "/a:b", "/:na-me"] {
            #expect(PathPattern(bad) == nil, "\(bad)")
        }
        let sync = ClerkOrganizationSync(organizationPatterns: ["/orgs/:slug"], personalAccountPatterns: ["/me"])
        #expect(sync.target(path: "/orgs/acme") == .organizationSlug("acme"))
        #expect(
            ClerkOrganizationSync(organizationPatterns: ["/o/:id"]).target(path: "/o/org_9") == .organizationID("org_9")
        )
        #expect(sync.target(path: "/me") == .personalAccount)
        #expect(sync.target(path: "/elsewhere") == nil)
        #expect(throws: ClerkVerificationError.self) {
            try ClerkOrganizationSync(organizationPatterns: ["no-slash"]).validate()
        }
    }

    @Test("row 16: a page that names another organization hands shake once to activate it; the same one does not")
    func organizationSync() async {
        let auth = Self.authenticator(live: true) {
            $0.organizationSync = ClerkOrganizationSync(
                organizationPatterns: ["/orgs/:slug", "/orgs/:slug/(.*)"], personalAccountPatterns: ["/me", "/me/(.*)"])
        }
        let org: ClaimValue = .object([("id", "org_1"), ("rol", "admin"), ("slg", "acme")])
        let token = Self.issuer.sessionToken(sessionID: "sess_org", organization: org)
        let cookies = ["__session=\(token)", "__client_uat=\(Int(Self.now) - 10)"]
        let other = await auth.authenticate(Self.page(cookies, target: "/orgs/globex/settings"))
        #expect(Self.outcome(other) == "handshake active-organization-mismatch")
        if case .handshake(let h) = other {
            #expect(Self.value(Self.query(h.location), "organization_id") == "globex")
        }
        #expect(Self.outcome(await auth.authenticate(Self.page(cookies, target: "/orgs/acme/settings"))) == "signed-in")
        let personal = await auth.authenticate(Self.page(cookies, target: "/me"))
        #expect(Self.outcome(personal) == "handshake active-organization-mismatch")
        if case .handshake(let h) = personal {
            #expect(Self.value(Self.query(h.location), "organization_id") == "")
        }
        // No active organization on the personal page: nothing to do.
        let plain = Self.issuer.sessionToken(sessionID: "sess_plain")
        #expect(
            Self.outcome(
                await auth.authenticate(Self.page(["__session=\(plain)", "__client_uat=1"], target: "/me")))
                == "signed-in")
        // The loop guard: after three redirects, signed in as it is; a fetch() is never redirected.
        #expect(
            Self.outcome(
                await auth.authenticate(
                    Self.page(cookies + ["__clerk_redirect_count=3"], target: "/orgs/globex"))) == "signed-in")
        #expect(
            Self.outcome(await auth.authenticate(Self.page(cookies, target: "/orgs/globex", dest: "empty")))
                == "signed-in")
    }
}
