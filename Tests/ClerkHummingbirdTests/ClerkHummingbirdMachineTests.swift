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

    /// Issue 15: machine tokens through the Hummingbird adapter — `ClerkIdentityRequestContext`, and
    /// `ClerkRequireTokenMiddleware`'s 401 and 403.
    @Suite("ClerkHummingbird with machine tokens")
    struct ClerkHummingbirdMachineTests {
        static func application(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            let router = Router(context: ClerkIdentityRequestContext.self)
            router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
            router.get("who") { _, context -> String in
                switch context.identity {
                case .session(let session): "session \(session.userID)"
                case .machine(let machine): "\(machine.kind) \(machine.subject)"
                case nil: "anonymous"
                }
            }
            router.group("internal").add(middleware: ClerkRequireTokenMiddleware(accepting: .m2mToken))
                .get { _, context -> String in context.identity?.machine?.machineID ?? "" }
            router.group("orders")
                .add(middleware: ClerkRequireTokenMiddleware(accepting: [.m2mToken, .apiKey], scopes: ["mch_orders"]))
                .get { _, context -> String in context.identity?.subject ?? "" }
            return Application(router: router)
        }

        func withClerkApp(
            _ authenticator: ClerkRequestAuthenticator,
            _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
        ) async throws {
            try await Self.application(authenticator).test(.router) { client in try await test(client) }
        }

        static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

        @Test("An M2M JWT signs in as a machine: context.identity, the kind guard passes")
        func m2mJWT() async throws {
            let token = Fixture.m2mToken(machineID: "mch_hb")
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .any)) { client in
                try await client.execute(uri: "/who", method: .get, headers: Self.bearer(token)) { res in
                    #expect(String(buffer: res.body) == "m2m_token mch_hb")
                }
                try await client.execute(uri: "/internal", method: .get, headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "mch_hb")
                }
            }
        }

        @Test("The kind guard answers 401 to a session token and to no token")
        func guardRefusesOtherKinds() async throws {
            let session = Fixture.issuer.sessionToken(userID: "user_hb", sessionID: "sess_hb", lifetime: 3600)
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .any)) { client in
                try await client.execute(uri: "/internal", method: .get, headers: Self.bearer(session)) { res in
                    #expect(res.status == .unauthorized)
                }
                try await client.execute(uri: "/internal", method: .get) { res in
                    #expect(res.status == .unauthorized)
                }
                try await client.execute(uri: "/who", method: .get, headers: Self.bearer(session)) { res in
                    #expect(String(buffer: res.body) == "session user_hb")
                }
            }
        }

        @Test("A missing scope answers 403, a granted one 200")
        func scopes() async throws {
            let granted = Fixture.m2mToken(machineID: "mch_a", scopes: ["mch_orders"])
            let lacking = Fixture.m2mToken(machineID: "mch_b", scopes: ["mch_billing"])
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .m2mToken)) { client in
                try await client.execute(uri: "/orders", method: .get, headers: Self.bearer(granted)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "mch_a")
                }
                try await client.execute(uri: "/orders", method: .get, headers: Self.bearer(lacking)) { res in
                    #expect(res.status == .forbidden)
                }
            }
        }

        @Test("A session-identity context keeps working: a machine token leaves it without identity")
        func sessionContextIgnoresMachines() async throws {
            let router = Router(context: ClerkRequestContext.self)
            router.add(
                middleware: ClerkAuthenticationMiddleware(authenticator: Fixture.machineAuthenticator(accepting: .any)))
            router.group("me").add(middleware: ClerkRequireSessionMiddleware())
                .get { _, context -> String in try context.requireIdentity().userID }
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(Fixture.m2mToken())) { res in
                    #expect(res.status == .unauthorized)
                }
                let session = Fixture.issuer.sessionToken(userID: "user_ctx", sessionID: "sess_ctx", lifetime: 3600)
                try await client.execute(uri: "/me", method: .get, headers: Self.bearer(session)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_ctx")
                }
            }
        }
    }
#endif
