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

    /// Issue 15: machine tokens through the Vapor adapter — `req.clerk.identity`/`machine`, and
    /// `ClerkTokenGuard`'s 401 and 403.
    @Suite("ClerkVapor with machine tokens")
    struct ClerkVaporMachineTests {
        static func routes(_ app: Application) {
            let authenticated = app.grouped(ClerkAuthenticator())
            authenticated.get("who") { req -> String in
                switch req.clerk.identity {
                case .session(let session): "session \(session.userID)"
                case .machine(let machine): "\(machine.kind) \(machine.subject)"
                case nil: "anonymous \(req.clerk.signedOutReason?.code.rawValue ?? "-")"
                }
            }
            authenticated.grouped(ClerkTokenGuard(accepting: .m2mToken)).get("internal") { req -> String in
                try req.auth.require(MachineIdentity.self).machineID ?? ""
            }
            authenticated.grouped(ClerkTokenGuard(accepting: [.m2mToken, .apiKey], scopes: ["mch_orders"]))
                .get("orders") { req -> String in req.clerk.machine?.subject ?? "" }
            authenticated.grouped(ClerkSessionGuard()).get("me") { req -> String in
                try req.clerk.requireSession().userID
            }
        }

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

        static func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

        @Test("An M2M JWT signs in as a machine: req.clerk.identity, the kind guard passes")
        func m2mJWT() async throws {
            let token = Fixture.m2mToken(machineID: "mch_vapor")
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .any)) { app in
                try await app.test(.GET, "who", headers: Self.bearer(token)) { res in
                    #expect(String(buffer: res.body) == "m2m_token mch_vapor")
                }
                try await app.test(.GET, "internal", headers: Self.bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "mch_vapor")
                }
                try await app.test(.GET, "me", headers: Self.bearer(token)) { res in
                    #expect(res.status == .unauthorized, "a machine is not a session")
                }
            }
        }

        @Test("The kind guard answers 401 to a session token and to no token")
        func guardRefusesOtherKinds() async throws {
            let session = Fixture.issuer.sessionToken(userID: "user_vapor", sessionID: "sess_vapor", lifetime: 3600)
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .any)) { app in
                try await app.test(.GET, "internal", headers: Self.bearer(session)) { res in
                    #expect(res.status == .unauthorized)
                }
                try await app.test(.GET, "internal") { res in #expect(res.status == .unauthorized) }
                try await app.test(.GET, "who", headers: Self.bearer(session)) { res in
                    #expect(String(buffer: res.body) == "session user_vapor")
                }
            }
        }

        @Test("A missing scope answers 403, a granted one 200")
        func scopes() async throws {
            let granted = Fixture.m2mToken(machineID: "mch_a", scopes: ["mch_orders"])
            let lacking = Fixture.m2mToken(machineID: "mch_b", scopes: ["mch_billing"])
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .m2mToken)) { app in
                try await app.test(.GET, "orders", headers: Self.bearer(granted)) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "mch_a")
                }
                try await app.test(.GET, "orders", headers: Self.bearer(lacking)) { res in
                    #expect(res.status == .forbidden)
                    #expect(!String(buffer: res.body).contains("mch_orders"), "the reason stays private")
                }
            }
        }

        @Test("Sessions only (the default): an M2M JWT is signed out with token-type-mismatch")
        func defaultRefusesMachines() async throws {
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .sessionToken)) { app in
                try await app.test(.GET, "who", headers: Self.bearer(Fixture.m2mToken())) { res in
                    #expect(String(buffer: res.body) == "anonymous token-type-mismatch")
                }
            }
        }

        @Test("A machine token in the __session cookie is not read as one")
        func cookieIgnored() async throws {
            try await withClerkApp(Fixture.machineAuthenticator(accepting: .m2mToken)) { app in
                let headers: HTTPHeaders = ["Cookie": "__session=\(Fixture.m2mToken())"]
                try await app.test(.GET, "who", headers: headers) { res in
                    #expect(String(buffer: res.body) == "anonymous machine-token-missing")
                }
                try await app.test(.GET, "internal", headers: headers) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }
    }
#endif
