#if Vapor
    import ClerkAdapterTestSupport
    import ClerkBackend
    @_spi(Diagnostics) import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import NIOCore
    import Testing
    import Vapor
    import VaporTesting

    /// The Vapor adapter end to end, through VaporTesting's in-memory server.
    @Suite("ClerkVapor")
    struct ClerkVaporTests {
        /// `/optional` works signed in or out; `/me` (GET and POST) requires a session; `/outcome` reports the
        /// signed-out reason code (a test-only route: real applications never send reasons to clients).
        static func routes(_ app: Application) {
            let authenticated = app.grouped(ClerkAuthenticator())
            authenticated.get("optional") { req in
                req.clerk.session.map { "\($0.userID)|\($0.sessionID)" } ?? "anonymous"
            }
            authenticated.get("outcome") { req in
                req.clerk.signedOutReason?.code.rawValue ?? (req.clerk.result == nil ? "no-result" : "signed-in")
            }
            let protected = authenticated.grouped(ClerkSessionGuard())
            protected.get("me") { req in
                let session = try req.clerk.requireSession()
                return "\(session.userID)|\(session.sessionID)"
            }
            protected.post("me") { req in
                try req.clerk.requireSession().userID
            }
        }

        /// Runs `test` against an application configured with `authenticator`.
        func withClerkApp(
            _ authenticator: ClerkRequestAuthenticator,
            _ test: (any TestingApplicationTester) async throws -> Void
        ) async throws {
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                Self.routes(app)
            }) { app in
                try await test(try app.testing())
            }
        }

        @Test("A valid Bearer token signs the request in")
        func validBearerHeader() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_bearer", sessionID: "sess_bearer")
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_bearer|sess_bearer")
                    #expect(res.headers[.setCookie].isEmpty)
                }
                // The outcome is kept on the request on the bearer fast path too.
                try await app.test(.GET, "outcome", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(String(buffer: res.body) == "signed-in")
                }
            }
        }

        /// Vapor's responder chain calls the middlewares' `EventLoopFuture` entry points (the bearer fast path runs
        /// there with no task); the async ones stay for callers that compose async middleware themselves.
        @Test("The async entry points, called directly, sign in and guard as the responder chain does")
        func asyncEntryPoints() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_async", sessionID: "sess_async")
            let authenticator = try Fixture.authenticator()
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
            }) { app in
                let responder = AsyncBasicResponder { request in
                    Response(status: .ok, body: .init(string: request.clerk.session?.userID ?? "anonymous"))
                }
                let signedIn = Request(
                    application: app, method: .GET, url: "/me", headers: ["Authorization": "Bearer \(token)"],
                    on: app.eventLoopGroup.any())
                let response = try await ClerkAuthenticator().respond(to: signedIn, chainingTo: responder)
                #expect(response.status == .ok)
                #expect(response.body.string == "user_async")
                // The fast path keeps only the session; `result` reads the outcome back from it.
                guard case .signedIn(let session, let cookies) = signedIn.clerk.result else {
                    Issue.record("signed in, but result is \(String(describing: signedIn.clerk.result))")
                    return
                }
                #expect(session.userID == "user_async")
                #expect(cookies.isEmpty)
                #expect(signedIn.clerk.signedOutReason == nil)
                #expect(try await ClerkSessionGuard().respond(to: signedIn, chainingTo: responder).status == .ok)

                let anonymous = Request(
                    application: app, method: .GET, url: "/me", headers: ["Authorization": "Bearer not-a-token"],
                    on: app.eventLoopGroup.any())
                let passed = try await ClerkAuthenticator().respond(to: anonymous, chainingTo: responder)
                #expect(passed.body.string == "anonymous")
                #expect(anonymous.clerk.signedOutReason != nil)
                await #expect(throws: Abort.self) {
                    try await ClerkSessionGuard().respond(to: anonymous, chainingTo: responder)
                }
            }
        }

        @Test("A valid __session cookie signs the request in")
        func validSessionCookie() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_cookie", sessionID: "sess_cookie")
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "me", headers: ["Cookie": "__session=\(token)"]) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_cookie|sess_cookie")
                }
            }
        }

        @Test("The suffixed __session_<suffix> cookie wins over a stale plain one")
        func suffixedSessionCookie() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_suffixed", sessionID: "sess_suffixed")
            let cookie = "__session=not-a-token; __session_\(Fixture.cookieSuffix)=\(token)"
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "me", headers: ["Cookie": cookie]) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_suffixed|sess_suffixed")
                }
            }
        }

        @Test("No token: optional routes answer signed out, required routes 401")
        func missingToken() async throws {
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "optional") { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "anonymous")
                }
                try await app.test(.GET, "outcome") { res in
                    #expect(String(buffer: res.body) == "session-token-missing")
                }
                try await app.test(.GET, "me") { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("session-token-missing"))
                }
            }
        }

        @Test("A tampered token is refused without saying why")
        func tamperedToken() async throws {
            let token = Fixture.tampered(Fixture.issuer.sessionToken())
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("signature"))
                    #expect(!String(buffer: res.body).contains(token))
                }
                try await app.test(.GET, "optional", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "anonymous")
                }
            }
        }

        @Test("A token for another authorized party is refused")
        func wrongAuthorizedParty() async throws {
            let token = Fixture.issuer.sessionToken(authorizedParty: "https://evil.example.test")
            try await withClerkApp(try Fixture.authenticator()) { app in
                try await app.test(.GET, "me", headers: ["Cookie": "__session=\(token)"]) { res in
                    #expect(res.status == .unauthorized)
                    #expect(!String(buffer: res.body).contains("azp"))
                    #expect(!String(buffer: res.body).contains("evil"))
                }
            }
        }

        @Test("A key outage answers 503 with a generic body")
        func keyOutage() async throws {
            let token = Fixture.issuer.sessionToken()
            try await withClerkApp(try Fixture.authenticator(keyStore: Fixture.outageStore())) { app in
                try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(!String(buffer: res.body).contains(FailingKeySource.detail))
                    #expect(!String(buffer: res.body).contains("jwk"))
                    #expect(!String(buffer: res.body).contains(token))
                }
            }
        }

        @Test("An expired cookie token on a GET is refreshed; the new cookies reach the response")
        func refreshOnGet() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let headers: HTTPHeaders = [
                "Cookie": "__session=\(Fixture.expiredToken()); __refresh=rt_stub", "Host": Fixture.host,
            ]
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { app in
                try await app.test(.GET, "me", headers: headers) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_refreshed|sess_expired")
                    #expect(res.headers[.setCookie].contains { $0.hasPrefix("__session=") })
                }
            }
            #expect(backend.calls == ["refresh sess_expired"])
        }

        @Test("An expired token on a POST is signed out, with no refresh call")
        func noRefreshOnPost() async throws {
            let backend = StubSessionBackend.refreshing(with: Fixture.issuer)
            let headers: HTTPHeaders = [
                "Cookie": "__session=\(Fixture.expiredToken()); __refresh=rt_stub", "Host": Fixture.host,
            ]
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { app in
                try await app.test(.POST, "me", headers: headers) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers[.setCookie].isEmpty)
                }
            }
            #expect(backend.calls.isEmpty)
        }

        @Test("A refused refresh signs the request out")
        func refreshRejected() async throws {
            let backend = StubSessionBackend.rejecting()
            let headers: HTTPHeaders = [
                "Cookie": "__session=\(Fixture.expiredToken()); __refresh=rt_stub", "Host": Fixture.host,
            ]
            try await withClerkApp(try Fixture.authenticator(backend: backend)) { app in
                try await app.test(.GET, "me", headers: headers) { res in
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
                app in
                try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) { res in
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
            try await withClerkApp(authenticator) { app in
                try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(!String(buffer: res.body).contains("410"))
                }
            }
            #expect(backend.calls == ["verify sess_outage"])
        }

        @Test("Without ClerkAuthenticator the guard answers 401")
        func guardAlone() async throws {
            try await withApp(configure: { app in
                app.grouped(ClerkSessionGuard()).get("alone") { _ in "reached" }
            }) { app in
                try await app.testing().test(.GET, "alone") { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test("An explicit authenticator works without app.clerk.configure; VerifiedSession is Authenticatable")
        func explicitAuthenticator() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_explicit")
            let authenticator = try Fixture.authenticator()
            try await withApp(configure: { app in
                app.grouped(ClerkAuthenticator(authenticator: authenticator), VerifiedSession.guardMiddleware())
                    .get("plain") { req in try req.auth.require(VerifiedSession.self).userID }
            }) { app in
                #expect(app.clerk.authenticator == nil)
                try await app.testing().test(.GET, "plain", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_explicit")
                }
                try await app.testing().test(.GET, "plain") { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test("Boot pre-warms the configured key store")
        func prewarmOnBoot() async throws {
            let store = SessionKeyStore(source: StaticKeySource(Fixture.issuer.keySet))
            let authenticator = try Fixture.authenticator(keyStore: store)
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator)
            }) { app in
                #expect(store.currentKeySet == nil)
                try await app.asyncBoot()
                #expect(store.currentKeySet != nil)
                #expect(store.fetchCount == 1)
            }
        }

        @Test("The background refresher starts at boot and stops at shutdown")
        func backgroundRefresherLifecycle() async throws {
            let store = Fixture.outageStore()
            let authenticator = try Fixture.authenticator(keyStore: store)
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator)
                app.clerk.configure(authenticator: authenticator)
            }) { app in
                try await app.asyncBoot()
                #expect(store.fetchCount >= 1)
                #expect(store.currentKeySet == nil)
            }
            // withApp's asyncShutdown returned: the refresher was cancelled and awaited.
        }
    }
#endif
