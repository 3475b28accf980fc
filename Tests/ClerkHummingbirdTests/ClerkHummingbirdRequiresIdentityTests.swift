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
            .get { _, context -> String in
                let session = try context.requireIdentity()
                return "\(session.userID)|\(session.sessionID)"
            }
            return Application(router: router)
        }

        /// `/me` behind the authentication middleware and the session guard (``ClerkHummingbirdTests``'s app).
        static func twoHops(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            ClerkHummingbirdTests.application(authenticator)
        }

        /// What a client sees of an answer: status, body, and every header the middleware can add (a
        /// `Set-Cookie` by its name and attributes: a refreshed token is new on every refresh).
        struct Answer: Equatable, CustomStringConvertible {
            let status: Int
            let body: String
            let setCookies: [String]
            let clerkHeaders: [String]

            var description: String { "\(status) \(body.prefix(40)) cookies=\(setCookies) clerk=\(clerkHeaders)" }
        }

        static func answers(
            _ app: some ApplicationProtocol, _ requests: [HTTPFields]
        ) async throws -> [Answer] {
            try await app.test(.router) { client in
                var answers: [Answer] = []
                for headers in requests {
                    let res = try await client.execute(uri: "/me", method: .get, headers: headers)
                    answers.append(
                        Answer(
                            status: res.status.code, body: String(buffer: res.body),
                            setCookies: res.headers[values: .setCookie].map { line in
                                let name = line.prefix { $0 != "=" }
                                let attributes = line.drop { $0 != ";" }
                                return "\(name)=…\(attributes)"
                            },
                            clerkHeaders: res.headers.filter { $0.name.canonicalName.hasPrefix("x-clerk") }
                                .map { "\($0.name.canonicalName): \($0.value)" }))
                }
                return answers
            }
        }

        static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

        /// Requests in every outcome the signed-out path distinguishes.
        static let requests: [HTTPFields] = [
            bearer(Fixture.issuer.sessionToken(userID: "user_one", sessionID: "sess_one")),
            [.cookie: "__session=\(Fixture.issuer.sessionToken(userID: "user_cookie", sessionID: "sess_cookie"))"],
            [:],
            bearer(Fixture.tampered(Fixture.issuer.sessionToken())),
            bearer("not-a-token"),
            bearer(Fixture.expiredToken()),
            [.cookie: "__session=\(Fixture.expiredToken()); __refresh=rt_stub"],
            [.authorization: "Basic dXNlcjpwYXNz"],
            bearer(Fixture.m2mToken()),
        ]

        @Test(
            "Every request gets the answer the authentication middleware and the session guard give",
            arguments: ["no backend", "refreshing backend", "refusing backend", "keys unavailable", "machine tokens"])
        func sameAsTheGuard(_ setup: String) async throws {
            let authenticator: ClerkRequestAuthenticator =
                switch setup {
                case "refreshing backend":
                    try Fixture.authenticator(backend: StubSessionBackend.refreshing(with: Fixture.issuer))
                case "refusing backend": try Fixture.authenticator(backend: StubSessionBackend.rejecting())
                case "keys unavailable": try Fixture.authenticator(keyStore: Fixture.outageStore())
                case "machine tokens": Fixture.machineAuthenticator(accepting: .any)
                default: try Fixture.authenticator()
                }
            let one = try await Self.answers(Self.oneHop(authenticator), Self.requests)
            let two = try await Self.answers(Self.twoHops(authenticator), Self.requests)
            #expect(one == two)
            // The comparison is not vacuous: each setup has requests signed in and requests refused.
            if setup == "keys unavailable" {
                #expect(one.filter { $0.status == 503 }.count >= 3)
            } else {
                #expect(one.contains { $0.status == 200 })
                #expect(one.contains { $0.status == 401 })
            }
            if setup == "refreshing backend" {
                #expect(one.contains { $0.status == 200 && $0.setCookies.contains { $0.hasPrefix("__session=") } })
            }
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
