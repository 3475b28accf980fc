import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication

/// Issue 17 (3): which cookies are this instance's. The suffix vectors of clerk/javascript `keys.spec.ts` and
/// `authenticateContext.test.ts`, and `usesSuffixedCookies()` rule by rule, in Clerk's order.
@Suite("Browser flows: cookies")
struct BrowserCookieTests {
    @Test(
        "the cookie suffix of a publishable key: Clerk's six vectors",
        arguments: [
            ("pk_live_Y2xlcmsuY2xlcmsuZGV2JA", "1Z8AzTQD"),
            ("pk_test_Y2xlcmsuY2xlcmsuZGV2JA", "QvfNY2dr"),
            ("pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=", "qReyu04C"),
            ("pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k", "jtYvyt_H"),
            ("pk_test_eHh4eHh4LXhhYWFhYS1hYS5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k", "tZJdb-5s"),
            ("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA", "MqCvchyS"),
        ])
    func suffixVectors(key: String, suffix: String) throws {
        #expect(try PublishableKey(key).cookieSuffix == suffix)
    }

    static let issuer = TestIssuer(frontendAPIHost: "clerk.mine.example")
    static let other = TestIssuer(frontendAPIHost: "clerk.other.example")
    static let now = 1_800_000_000.0

    static func uses(
        suffixedUAT: String? = nil, plainUAT: String? = nil, suffixedSession: String? = nil,
        plainSession: String? = nil, production: Bool = true
    ) -> Bool {
        BrowserRequestContext.usesSuffixedCookies(
            suffixedUAT: suffixedUAT, plainUAT: plainUAT, suffixedSession: suffixedSession,
            plainSession: plainSession, originalFrontendAPI: "clerk.mine.example", isProduction: production, now: now)
    }

    static func token(_ issuer: TestIssuer = issuer, iat: Double = now - 30, lifetime: Double = 60) -> String {
        issuer.sessionToken(issuedAt: iat, lifetime: lifetime)
    }

    @Test("rule 1: a plain session cookie without an issuer: unsuffixed (a malformed token signs out)")
    func rule1() {
        #expect(!Self.uses(suffixedUAT: "1", suffixedSession: Self.token(), plainSession: "garbage"))
        let noIssuer = Self.issuer.token(claims: [("iat", .double(Self.now)), ("sub", "user_x")])
        #expect(!Self.uses(suffixedUAT: "1", suffixedSession: Self.token(), plainSession: noIssuer))
    }

    @Test("rule 2: a plain session cookie of another instance (another app on the same domain): suffixed")
    func rule2() {
        #expect(Self.uses(plainSession: Self.token(Self.other)))
        #expect(Self.uses(plainUAT: "1", plainSession: Self.token(Self.other)))
    }

    @Test("rule 3: no suffixed client_uat and no suffixed session: unsuffixed")
    func rule3() {
        #expect(!Self.uses(plainUAT: "1", plainSession: Self.token()))
        #expect(!Self.uses())
    }

    @Test("rule 5: both client_uat set and the plain session newer (ClerkJS downgraded): unsuffixed")
    func rule5() {
        #expect(
            !Self.uses(
                suffixedUAT: "1", plainUAT: "1", suffixedSession: Self.token(iat: Self.now - 100),
                plainSession: Self.token(iat: Self.now - 10)))
        #expect(
            Self.uses(
                suffixedUAT: "1", plainUAT: "1", suffixedSession: Self.token(iat: Self.now - 10),
                plainSession: Self.token(iat: Self.now - 100)))
    }

    @Test("rule 6: suffixed client_uat 0 and the plain one not: unsuffixed")
    func rule6() {
        #expect(!Self.uses(suffixedUAT: "0", plainUAT: "1"))
        #expect(Self.uses(suffixedUAT: "0", plainUAT: "0"))
    }

    @Test("rule 7: development, suffixed client_uat set, plain 0, suffixed session expired: unsuffixed")
    func rule7() {
        let expired = Self.token(iat: Self.now - 3600)
        #expect(!Self.uses(suffixedUAT: "1", plainUAT: "0", suffixedSession: expired, production: false))
        #expect(Self.uses(suffixedUAT: "1", plainUAT: "0", suffixedSession: expired, production: true))
        #expect(Self.uses(suffixedUAT: "1", plainUAT: "0", suffixedSession: Self.token(), production: false))
    }

    @Test("rule 8: a suffixed session without a suffixed client_uat (suffixes off on the Frontend API): unsuffixed")
    func rule8() {
        #expect(!Self.uses(suffixedSession: Self.token()))
    }

    @Test("rule 9: otherwise suffixed")
    func rule9() {
        #expect(Self.uses(suffixedUAT: "1", suffixedSession: Self.token()))
        #expect(Self.uses(suffixedUAT: "1"))
    }

    @Test("an issuer belongs to the instance with every http(s):// removed, any case, and nothing else")
    func issuerBelongs() {
        #expect(BrowserRequestContext.belongs(issuer: "https://clerk.mine.example", to: "clerk.mine.example"))
        #expect(BrowserRequestContext.belongs(issuer: "HTTPS://clerk.mine.example", to: "clerk.mine.example"))
        #expect(BrowserRequestContext.belongs(issuer: "clerk.mine.example", to: "clerk.mine.example"))
        #expect(!BrowserRequestContext.belongs(issuer: "https://clerk.mine.example/", to: "clerk.mine.example"))
        // KELVIN SIGN is not K: bytes, not Unicode equivalence.
        #expect(!BrowserRequestContext.belongs(issuer: "https://clerk.mine.example\u{212A}", to: "clerk.mine.exampleK"))
    }

    @Test("__client_uat is read as JavaScript's parseInt(x) || 0")
    func parseIntRule() {
        #expect(BrowserRequestContext.parseInt("123abc") == 123)
        #expect(BrowserRequestContext.parseInt("  42") == 42)
        #expect(BrowserRequestContext.parseInt("abc") == 0)
        #expect(BrowserRequestContext.parseInt("") == 0)
        #expect(BrowserRequestContext.parseInt(nil) == 0)
        #expect(BrowserRequestContext.parseInt("-5") == -5)
        #expect(BrowserRequestContext.parseInt("99999999999999999999999") == 0)
    }

    @Test("the suffixed cookie set is read when Clerk's rules choose it; __refresh only under its suffixed name")
    func contextReadsTheChosenSet() throws {
        let key = try PublishableKey(PublishableKey.encode(host: "clerk.mine.example", live: true))
        let suffix = key.cookieSuffix
        let flows = ClerkBrowserFlows(publishableKey: key, publicOrigin: .fixed("https://app.example.test"))
        let suffixedToken = Self.token(iat: Self.now - 5)
        let request = ClerkRequest(
            method: "GET",
            headers: [
                (
                    name: "Cookie",
                    value:
                        "__session=\(Self.token(Self.other)); __client_uat=7; __session_\(suffix)=\(suffixedToken); __client_uat_\(suffix)=9; __refresh=plain"
                )
            ], target: "/")
        let context = BrowserRequestContext(flows: flows, request: request, cookies: request.cookieJar, now: Self.now)
        #expect(context.usesSuffixedCookies)
        #expect(context.sessionToken == suffixedToken)
        #expect(context.clientUAT == 9)
        #expect(context.refreshToken == nil)
        let withRefresh = ClerkRequest(
            method: "GET", headers: [(name: "Cookie", value: "__refresh_\(suffix)=rt_1; __refresh=plain")], target: "/")
        #expect(
            BrowserRequestContext(flows: flows, request: withRefresh, cookies: withRefresh.cookieJar, now: Self.now)
                .refreshToken == "rt_1")
    }

    @Test("in production the handshake is read from cookies only, unless the query is allowed; development reads both")
    func handshakeCarrier() throws {
        let live = try PublishableKey(PublishableKey.encode(host: "clerk.mine.example", live: true))
        let dev = try PublishableKey(PublishableKey.encode(host: "clerk.mine.example", live: false))
        let request = ClerkRequest(
            method: "GET", headers: [], target: "/?__clerk_handshake=h.q.s&__clerk_handshake_nonce=n_q")
        func context(_ flows: ClerkBrowserFlows) -> BrowserRequestContext {
            BrowserRequestContext(flows: flows, request: request, cookies: request.cookieJar, now: Self.now)
        }
        let origin = ClerkBrowserFlows.PublicOrigin.fixed("https://app.example.test")
        #expect(context(.init(publishableKey: live, publicOrigin: origin)).handshakeToken == nil)
        #expect(context(.init(publishableKey: live, publicOrigin: origin)).handshakeNonce == nil)
        #expect(
            context(.init(publishableKey: live, publicOrigin: origin, acceptsHandshakeQueryInProduction: true))
                .handshakeToken == "h.q.s")
        #expect(context(.init(publishableKey: dev, publicOrigin: origin)).handshakeNonce == "n_q")
    }
}
