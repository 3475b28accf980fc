#if Vapor
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import NIOCore
    import Testing
    import Vapor
    import VaporTesting

    /// Issue 17: a full page-load handshake through the Vapor adapter, the fake Clerk over real HTTP.
    @Suite("ClerkVapor browser flows")
    struct ClerkVaporBrowserTests {
        @Test(
            "a stale cookie on a page load: 307 out, the Frontend API sends it back, 307 to the clean URL with the cookies, then 200"
        )
        func pageLoadHandshake() async throws {
            let fake = try await FakeClerk.start()
            do {
                let old = "__session=\(fake.expiredToken); __client_uat=\(Int(Fixture.issuer.clock.now()) - 7200)"
                let stale: HTTPHeaders = [
                    "Cookie": "\(FakeClerk.devBrowserCookie); \(old)", "Sec-Fetch-Dest": "document",
                ]
                let authenticator = try fake.browserAuthenticator()
                try await withApp(configure: { app in
                    app.clerk.configure(
                        authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                    ClerkVaporTests.routes(app)
                }) { app in
                    let tester = try app.testing()
                    var location = ""
                    try await tester.test(.GET, "me?tab=1", headers: stale) { res in
                        #expect(res.status == .temporaryRedirect)
                        location = res.headers.first(name: .location) ?? ""
                        #expect(location.hasPrefix(fake.server.handshakeURL + "?"))
                        #expect(res.headers.first(name: .cacheControl) == "no-store")
                        #expect(res.headers[.setCookie].contains { $0.hasPrefix("__clerk_redirect_count=1;") })
                    }
                    let back = try await fake.followHandshake(location)
                    #expect(back.location.hasPrefix("\(FakeClerk.appOrigin)/me?tab=1&__clerk_handshake="))
                    var cookies: [String] = []
                    try await tester.test(.GET, FakeClerk.target(of: back.location), headers: stale) { res in
                        #expect(res.status == .temporaryRedirect)
                        #expect(res.headers.first(name: .location) == "\(FakeClerk.appOrigin)/me?tab=1")
                        let setCookies = res.headers[.setCookie]
                        // Every directive is its own Set-Cookie field.
                        #expect(setCookies.count >= 4)
                        #expect(setCookies.contains { $0.hasPrefix("__session=ey") })
                        cookies = FakeClerk.cookiePairs(setCookies)
                    }
                    let fresh: HTTPHeaders = [
                        "Cookie": ([FakeClerk.devBrowserCookie] + cookies).joined(separator: "; "),
                        "Sec-Fetch-Dest": "document",
                    ]
                    try await tester.test(.GET, "me?tab=1", headers: fresh) { res in
                        #expect(res.status == .ok)
                        #expect(String(buffer: res.body) == "user_fake|\(fake.sessionID)")
                    }
                    // A fetch() with the stale cookie is not redirected: 401 from the guard, with Clerk's debug headers.
                    try await tester.test(
                        .GET, "me",
                        headers: ["Cookie": "\(FakeClerk.devBrowserCookie); \(old)", "Sec-Fetch-Dest": "empty"]
                    ) { res in
                        #expect(res.status == .unauthorized)
                        #expect(res.headers.first(name: "x-clerk-auth-status") == "signed-out")
                        #expect(
                            res.headers.first(name: "x-clerk-auth-reason")
                                == "session-token-expired-refresh-non-eligible-no-refresh-cookie")
                    }
                }
            } catch {
                try? await fake.server.shutdown()
                throw error
            }
            try await fake.server.shutdown()
        }
    }
#endif
