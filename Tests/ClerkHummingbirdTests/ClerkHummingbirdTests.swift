#if Hummingbird
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkHummingbird
    @_spi(Diagnostics) import ClerkSession
    import ClerkTesting
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import HummingbirdTesting
    import NIOCore
    import Testing

    /// The Hummingbird adapter end to end, through HummingbirdTesting's router test client.
    @Suite("ClerkHummingbird")
    struct ClerkHummingbirdTests {
        /// `/optional` works signed in or out; `/me` (GET and POST) requires a session.
        static func application(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            let router = Router(context: ClerkRequestContext.self)
            router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
            router.get("optional") { _, context -> String in
                context.identity.map { "\($0.userID)|\($0.sessionID)" } ?? "anonymous"
            }
            let protected = router.group("me").add(middleware: ClerkRequireSessionMiddleware())
            protected.get { _, context -> String in
                let session = try context.requireIdentity()
                return "\(session.userID)|\(session.sessionID)"
            }
            protected.post { _, context -> String in
                try context.requireIdentity().userID
            }
            return Application(router: router)
        }

        /// Runs `test` against ``application(_:)``.
        func withClerkApp(
            _ authenticator: ClerkRequestAuthenticator,
            _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
        ) async throws {
            try await Self.application(authenticator).test(.router) { client in
                try await test(client)
            }
        }

        static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
        /// A `Cookie` field. (The router test client gives every request the authority `localhost`, which
        /// stands in for `Host`.)
        static func cookie(_ value: String) -> HTTPFields { [.cookie: value] }

        @Test("A valid Bearer token signs the request in")
        func validBearerHeader() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_bearer", sessionID: "sess_bearer")
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_bearer|sess_bearer")
                    #expect(res.headers[values: .setCookie].isEmpty)
                }
            }
        }

        @Test("A valid __session cookie signs the request in")
        func validSessionCookie() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_cookie", sessionID: "sess_cookie")
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie("__session=\(token)")) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_cookie|sess_cookie")
                }
            }
        }

        @Test("The suffixed __session_<suffix> cookie wins over a stale plain one")
        func suffixedSessionCookie() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_suffixed", sessionID: "sess_suffixed")
            let cookie = "__session=not-a-token; __session_\(Fixture.cookieSuffix)=\(token)"
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie(cookie)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_suffixed|sess_suffixed")
                }
            }
        }

        @Test("No token: optional routes answer signed out, required routes 401")
        func missingToken() async throws {
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/optional", method: .get) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "anonymous")
                }
                try await client.execute(uri: "/me", method: .get) { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("session-token-missing"))
                }
            }
        }

        @Test("A tampered token is refused without saying why")
        func tamperedToken() async throws {
            let token = Fixture.tampered(Fixture.issuer.sessionToken())
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("signature"))
                    #expect(!String(buffer: res.body).contains(token))
                }
                try await client.execute(uri: "/optional", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "anonymous")
                }
            }
        }

        @Test("A token for another authorized party is refused")
        func wrongAuthorizedParty() async throws {
            let token = Fixture.issuer.sessionToken(authorizedParty: "https://evil.example.test")
            try await withClerkApp(try Fixture.authenticator()) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie("__session=\(token)")) { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("azp"))
                    #expect(!String(buffer: res.body).contains("evil"))
                }
            }
        }

        @Test("A key outage answers 503 with a generic body")
        func keyOutage() async throws {
            let token = Fixture.issuer.sessionToken()
            try await withClerkApp(try Fixture.authenticator(keyStore: Fixture.outageStore())) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .serviceUnavailable)
                    let body = String(buffer: res.body)
                    #expect(!body.contains(FailingKeySource.detail))
                    #expect(!body.contains("jwk"))
                    #expect(!body.contains(token))
                }
            }
        }

        @Test("An expired cookie token on a GET is refreshed; the new cookies reach the response")
        func refreshOnGet() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let cookie = "__session=\(Fixture.expiredToken()); __refresh=rt_stub"
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie(cookie)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_refreshed|sess_expired")
                    #expect(res.headers[values: .setCookie].contains { $0.hasPrefix("__session=") })
                }
            }
            #expect(backend.calls == ["refresh sess_expired"])
        }

        @Test("The request's authority stands in for a missing Host header on refresh")
        func refreshUsesAuthority() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let cookie = "__session=\(Fixture.expiredToken()); __refresh=rt_stub"
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { client in
                // The router test client sets the authority (`localhost`) and sends no Host field.
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie(cookie)) { res in
                    #expect(res.status == .ok)
                }
            }
            #expect(backend.calls == ["refresh sess_expired"])
        }

        @Test("An expired token on a POST is signed out, with no refresh call")
        func noRefreshOnPost() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let cookie = "__session=\(Fixture.expiredToken()); __refresh=rt_stub"
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { client in
                try await client.execute(uri: "/me", method: .post, headers: Self.cookie(cookie)) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers[values: .setCookie].isEmpty)
                }
            }
            #expect(backend.calls.isEmpty)
        }

        @Test("A refused refresh signs the request out")
        func refreshRejected() async throws {
            let backend = StubSessionBackend.rejecting()
            let cookie = "__session=\(Fixture.expiredToken()); __refresh=rt_stub"
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookie(cookie)) { res in
                    #expect(res.status == .unauthorized)
                }
            }
            #expect(backend.calls == ["refresh sess_expired"])
        }

        @Test("Legacy verify off: an outage never reaches Clerk's verify endpoint")
        func legacyVerifyOff() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let token = Fixture.issuer.sessionToken(sessionID: "sess_outage")
            try await withClerkApp(try Fixture.authenticator(keyStore: Fixture.outageStore(), backend: backend)) {
                client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .serviceUnavailable)
                }
            }
            #expect(backend.calls.isEmpty)
        }

        @Test("Legacy verify on: the retired endpoint's 410 is handled as an outage (503)")
        func legacyVerifyOnGone() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let token = Fixture.issuer.sessionToken(sessionID: "sess_outage")
            let authenticator = try Fixture.authenticator(
                keyStore: Fixture.outageStore(), backend: backend, legacyVerify: true)
            try await withClerkApp(authenticator) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(!String(buffer: res.body).contains("410"))
                }
            }
            #expect(backend.calls == ["verify sess_outage"])
        }

        @Test("BasicAuthRequestContext<VerifiedSession> and IsAuthenticatedMiddleware work too")
        func basicAuthRequestContext() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_basic")
            let router = Router(context: BasicAuthRequestContext<VerifiedSession>.self)
            router.add(middleware: ClerkAuthenticationMiddleware(authenticator: try Fixture.authenticator()))
            router.add(middleware: IsAuthenticatedMiddleware())
            router.get("me") { _, context -> String in try context.requireIdentity().userID }
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_basic")
                }
                try await client.execute(uri: "/me", method: .get) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test("SessionKeyRefreshService runs as an application service and pre-warms the store")
        func refreshServiceAsApplicationService() async throws {
            let store = SessionKeyStore(source: StaticKeySource(Fixture.issuer.keySet))
            let authenticator = try Fixture.authenticator(keyStore: store)
            let token = Fixture.issuer.sessionToken(userID: "user_service")
            let router = Router(context: ClerkRequestContext.self)
            router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
            router.get("me") { _, context -> String in try context.requireIdentity().userID }
            let app = Application(router: router, services: [SessionKeyRefreshService(store: store)])
            try await app.test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_service")
                }
            }
            #expect(store.fetchCount == 1)
        }
    }
#endif
