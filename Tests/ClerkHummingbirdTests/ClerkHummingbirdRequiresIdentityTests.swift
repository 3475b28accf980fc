#if Hummingbird
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkHummingbird
    import ClerkSession
    import ClerkTesting
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import HummingbirdTesting
    import NIOCore
    import Testing

    /// `ClerkAuthenticationMiddleware(authenticator:requiresIdentity: true)`: one middleware that authenticates
    /// and requires, answering every request exactly as the authentication middleware followed by
    /// `ClerkRequireSessionMiddleware` does.
    @Suite("ClerkHummingbird requiresIdentity")
    struct ClerkHummingbirdRequiresIdentityTests {
        /// `/me` behind the one middleware.
        static func oneHop(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            let router = Router(context: ClerkRequestContext.self)
            router.group("me").add(
                middleware: ClerkAuthenticationMiddleware(authenticator: authenticator, requiresIdentity: true)
            )
            // No `requireIdentity()` here: a request the middleware let through without a session would show.
            .get { _, context -> String in
                context.identity.map { "\($0.userID)|\($0.sessionID)" } ?? "reached the route without a session"
            }
            return Application(router: router)
        }

        /// `/me` behind the authentication middleware and the session guard (``ClerkHummingbirdTests``'s app).
        static func twoHops(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            ClerkHummingbirdTests.application(authenticator)
        }

        static func answers(_ app: some ApplicationProtocol) async throws -> [OneMiddlewareCases.Answer] {
            try await app.test(.router) { client in
                var answers: [OneMiddlewareCases.Answer] = []
                for lines in OneMiddlewareCases.requests {
                    var headers = HTTPFields()
                    for line in lines { if let name = HTTPField.Name(line.name) { headers[name] = line.value } }
                    let res = try await client.execute(uri: "/me", method: .get, headers: headers)
                    answers.append(
                        OneMiddlewareCases.Answer(
                            status: res.status.code, body: String(buffer: res.body),
                            setCookies: res.headers[values: .setCookie],
                            headers: res.headers.map { (name: $0.name.canonicalName, value: $0.value) }))
                }
                return answers
            }
        }

        static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

        @Test(
            "Every request gets the answer the authentication middleware and the session guard give",
            arguments: OneMiddlewareCases.setups)
        func sameAsTheGuard(_ setup: String) async throws {
            let authenticator = try OneMiddlewareCases.authenticator(setup: setup)
            let one = try await Self.answers(Self.oneHop(authenticator))
            let two = try await Self.answers(Self.twoHops(authenticator))
            #expect(one == two)
            // The comparison is not vacuous: each setup has requests signed in and requests refused.
            #expect(OneMiddlewareCases.shortfalls(of: one, setup: setup) == [])
        }

        @Test("A signed-in request reaches the route; a signed-out one gets a generic 401, never the reason")
        func signedInAndOut() async throws {
            let token = Fixture.issuer.sessionToken(userID: "user_direct", sessionID: "sess_direct")
            try await Self.oneHop(try Fixture.authenticator()).test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_direct|sess_direct")
                }
                let expired = Fixture.expiredToken()
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(expired)) { res in
                    #expect(res.status == .unauthorized)
                    let body = String(buffer: res.body)
                    #expect(!body.contains("expired"))
                    #expect(!body.contains(expired.prefix(20)))
                }
            }
        }

        @Test("With ClerkIdentity as the identity, a machine token of an accepted kind is an identity; no token is not")
        func machineIdentityCounts() async throws {
            let router = Router(context: ClerkIdentityRequestContext.self)
            router.group("who").add(
                middleware: ClerkAuthenticationMiddleware(
                    authenticator: Fixture.machineAuthenticator(accepting: .any), requiresIdentity: true)
            )
            .get { _, context -> String in
                switch context.identity {
                case .session(let session): "session \(session.userID)"
                case .machine(let machine): "\(machine.kind) \(machine.subject)"
                case nil: "anonymous"  // never reached: the middleware answers 401 first
                }
            }
            try await Application(router: router).test(.router) { client in
                let m2m = Fixture.m2mToken(machineID: "mch_required")
                try await client.execute(uri: "/who", method: .get, headers: Self.bearer(m2m)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "m2m_token mch_required")
                }
                let session = Fixture.issuer.sessionToken(userID: "user_required")
                try await client.execute(uri: "/who", method: .get, headers: Self.bearer(session)) { res in
                    #expect(String(buffer: res.body) == "session user_required")
                }
                try await client.execute(uri: "/who", method: .get) { res in
                    #expect(res.status == .unauthorized)
                    #expect(String(buffer: res.body) != "anonymous")
                }
            }
        }
    }
#endif
