#if Vapor
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import NIOHTTP1
    import Testing
    import Vapor
    import VaporTesting

    /// `ClerkAuthenticator(requiresSession: true)`: one middleware that authenticates and requires a session,
    /// answering every request exactly as `ClerkAuthenticator` followed by `ClerkSessionGuard` does.
    @Suite("ClerkVapor requiresSession")
    struct ClerkVaporRequiresSessionTests {
        /// `/me` behind the one middleware (`oneHop`) or behind the authenticator and the session guard.
        static func routes(_ app: Application, oneHop: Bool) {
            let protected =
                oneHop
                ? app.grouped(ClerkAuthenticator(requiresSession: true))
                : app.grouped(ClerkAuthenticator(), ClerkSessionGuard())
            // No `requireSession()` here: a request the middleware let through without a session would show.
            protected.get("me") { req -> String in
                req.clerk.session.map { "\($0.userID)|\($0.sessionID)" } ?? "reached the route without a session"
            }
        }

        static func answers(
            _ authenticator: ClerkRequestAuthenticator, oneHop: Bool
        ) async throws -> [OneMiddlewareCases.Answer] {
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                Self.routes(app, oneHop: oneHop)
            }) { app in
                var answers: [OneMiddlewareCases.Answer] = []
                for lines in OneMiddlewareCases.requests {
                    try await app.testing().test(.GET, "me", headers: HTTPHeaders(lines.map { ($0.name, $0.value) })) {
                        res in
                        answers.append(
                            OneMiddlewareCases.Answer(
                                status: Int(res.status.code), body: String(buffer: res.body),
                                setCookies: res.headers[.setCookie],
                                headers: res.headers.map { (name: $0.name, value: $0.value) }))
                    }
                }
                return answers
            }
        }

        static func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

        @Test(
            "Every request gets the answer the authenticator and the session guard give",
            arguments: OneMiddlewareCases.setups)
        func sameAsTheGuard(_ setup: String) async throws {
            let authenticator = try OneMiddlewareCases.authenticator(setup: setup)
            let one = try await Self.answers(authenticator, oneHop: true)
            let two = try await Self.answers(authenticator, oneHop: false)
            #expect(one == two)
            // The comparison is not vacuous: signed-in and refused requests, a refresh, the machine token's 401.
            #expect(OneMiddlewareCases.shortfalls(of: one, setup: setup) == [])
        }

        @Test("A signed-in request reaches the route; a signed-out one gets a generic 401, never the reason")
        func signedInAndOut() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_direct", sessionID: "sess_direct")
            let authenticator = try Fixture.authenticator()
            try await withApp(configure: { app in
                // The explicit form: no `app.clerk.configure`.
                app.grouped(ClerkAuthenticator(authenticator: authenticator, requiresSession: true)).get("me") { req in
                    try req.clerk.requireSession().userID
                }
            }) { app in
                try await app.testing().test(.GET, "me", headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_direct")
                }
                let expired = Fixture.expiredToken()
                try await app.testing().test(.GET, "me", headers: Self.bearer(expired)) { res in
                    #expect(res.status == .unauthorized)
                    let body = String(buffer: res.body)
                    #expect(!body.contains("expired"))
                    #expect(!body.contains(expired.prefix(20)))
                }
            }
        }
    }
#endif
