#if Hummingbird
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkHummingbird
    import ClerkSession
    import ClerkTesting
    import HTTPTypes
    import Hummingbird
    import HummingbirdTesting
    import NIOCore
    import Testing

    /// Issue 17: a full page-load handshake through the Hummingbird middleware, the fake Clerk over real HTTP.
    @Suite("ClerkHummingbird browser flows")
    struct ClerkHummingbirdBrowserTests {
        @Test(
            "a stale cookie on a page load: 307 out, the Frontend API sends it back, 307 to the clean URL with the cookies, then 200"
        )
        func pageLoadHandshake() async throws {
            let fake = try await FakeClerk.start()
            do {
                let old = "__session=\(fake.expiredToken); __client_uat=\(Int(Fixture.issuer.clock.now()) - 7200)"
                let stale: HTTPFields = [
                    .cookie: "\(FakeClerk.devBrowserCookie); \(old)", HTTPField.Name("Sec-Fetch-Dest")!: "document",
                ]
                let authenticator = try fake.browserAuthenticator()
                let sessionID = fake.sessionID
                try await ClerkHummingbirdTests.application(authenticator).test(.router) { client in
                    let first = try await client.execute(uri: "/me?tab=1", method: .get, headers: stale)
                    #expect(first.status == .temporaryRedirect)
                    let location = first.headers[.location] ?? ""
                    #expect(location.hasPrefix(fake.server.handshakeURL + "?"))
                    #expect(first.headers[.cacheControl] == "no-store")
                    #expect(first.headers[values: .setCookie].contains { $0.hasPrefix("__clerk_redirect_count=1;") })

                    let back = try await fake.followHandshake(location)
                    #expect(back.location.hasPrefix("\(FakeClerk.appOrigin)/me?tab=1&__clerk_handshake="))
                    let landing = try await client.execute(
                        uri: FakeClerk.target(of: back.location), method: .get, headers: stale)
                    #expect(landing.status == .temporaryRedirect)
                    #expect(landing.headers[.location] == "\(FakeClerk.appOrigin)/me?tab=1")
                    let setCookies = landing.headers[values: .setCookie]
                    #expect(setCookies.count >= 4)
                    #expect(setCookies.contains { $0.hasPrefix("__session=ey") })

                    let fresh: HTTPFields = [
                        .cookie: ([FakeClerk.devBrowserCookie] + FakeClerk.cookiePairs(setCookies)).joined(
                            separator: "; "),
                        HTTPField.Name("Sec-Fetch-Dest")!: "document",
                    ]
                    try await client.execute(uri: "/me?tab=1", method: .get, headers: fresh) { res in
                        #expect(res.status == .ok)
                        #expect(String(buffer: res.body) == "user_fake|\(sessionID)")
                    }
                    let xhr: HTTPFields = [
                        .cookie: "\(FakeClerk.devBrowserCookie); \(old)", HTTPField.Name("Sec-Fetch-Dest")!: "empty",
                    ]
                    try await client.execute(uri: "/me", method: .get, headers: xhr) { res in
                        #expect(res.status == .unauthorized)
                        #expect(res.headers[HTTPField.Name("x-clerk-auth-status")!] == "signed-out")
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
