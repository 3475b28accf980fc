#if Vapor
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkBackend
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import NIOCore
    import Testing
    import Vapor
    import VaporTesting

    /// The Vapor guards for Clerk's `has()` and reverification, end to end through VaporTesting: the exact
    /// 403 `reverification-error` body, 200 when fresh, 401 when signed out, a plain 403 for a missing role.
    @Suite("ClerkVapor authorization guards")
    struct ClerkVaporAuthorizationTests {
        static let hint =
            #"{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}"#

        /// `/transfer` needs `strict` reverification; `/admin` the `admin` role and `moderate`; `/custom` a
        /// custom requirement.
        static func routes(_ app: Application) {
            let authenticated = app.grouped(ClerkAuthenticator())
            authenticated.grouped(ClerkReverificationGuard(.strict)).post("transfer") { req in
                try req.clerk.requireSession().userID
            }
            authenticated.grouped(ClerkAuthorizationGuard(AuthorizationCheck(role: "admin", reverification: .moderate)))
                .get("admin") { _ in "admin" }
            authenticated.grouped(ClerkReverificationGuard(.custom(level: .secondFactor, afterMinutes: 30)))
                .get("custom") { _ in "custom" }
        }

        func withClerkApp(_ test: (any TestingApplicationTester) async throws -> Void) async throws {
            let authenticator = try Fixture.authenticator()
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                Self.routes(app)
            }) { app in
                try await test(try app.testing())
            }
        }

        /// A v1 session token (no default `fva`) with `fva` and the organization claims given.
        static func token(fva: [Int64], role: String? = nil) -> String {
            var extra: [(name: String, value: ClaimValue)] = [("fva", .array(fva.map { .integer($0) }))]
            if let role { extra += [("org_id", "org_1"), ("org_role", .string(role))] }
            return Fixture.issuer.sessionToken(userID: "user_authz", version: 1, extra: extra)
        }

        static func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

        @Test("A stale session gets Clerk's 403 reverification body, byte for byte")
        func stale() async throws {
            try await withClerkApp { app in
                try await app.test(.POST, "transfer", headers: Self.bearer(Self.token(fva: [30, 30]))) { res in
                    #expect(res.status == .forbidden)
                    #expect(Array(res.body.readableBytesView) == Array(Self.hint.utf8))
                    #expect(res.headers[.contentType] == ["application/json"])
                }
                try await app.test(.GET, "custom", headers: Self.bearer(Self.token(fva: [0, 45]))) { res in
                    #expect(res.status == .forbidden)
                    #expect(
                        String(buffer: res.body)
                            == #"{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":{"level":"second_factor","afterMinutes":30}}}}"#
                    )
                }
            }
        }

        @Test("A fresh session goes through; without a second factor the first one counts")
        func fresh() async throws {
            try await withClerkApp { app in
                try await app.test(.POST, "transfer", headers: Self.bearer(Self.token(fva: [2, 5]))) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_authz")
                }
                try await app.test(.POST, "transfer", headers: Self.bearer(Self.token(fva: [2, -1]))) { res in
                    #expect(res.status == .ok)
                }
                try await app.test(.GET, "custom", headers: Self.bearer(Self.token(fva: [90, 29]))) { res in
                    #expect(res.status == .ok)
                }
            }
        }

        @Test("Signed out: 401, never the reverification body")
        func signedOut() async throws {
            try await withClerkApp { app in
                for (method, path) in [(HTTPMethod.POST, "transfer"), (.GET, "admin"), (.GET, "custom")] {
                    try await app.test(method, path) { res in
                        #expect(res.status == .unauthorized)
                        #expect(!String(buffer: res.body).contains("reverification"))
                    }
                }
            }
        }

        @Test("Authorization guard: plain 403 for the wrong role, Clerk's hint for a stale admin, 200 otherwise")
        func authorization() async throws {
            try await withClerkApp { app in
                try await app.test(.GET, "admin", headers: Self.bearer(Self.token(fva: [1, 1], role: "member"))) {
                    res in
                    #expect(res.status == .forbidden)
                    #expect(!String(buffer: res.body).contains("reverification"))
                }
                try await app.test(.GET, "admin", headers: Self.bearer(Self.token(fva: [90, 90], role: "org:admin"))) {
                    res in
                    #expect(res.status == .forbidden)
                    #expect(String(buffer: res.body) == ReverificationError(.moderate).body)
                }
                try await app.test(.GET, "admin", headers: Self.bearer(Self.token(fva: [1, 59], role: "admin"))) {
                    res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "admin")
                }
            }
        }
    }
#endif
