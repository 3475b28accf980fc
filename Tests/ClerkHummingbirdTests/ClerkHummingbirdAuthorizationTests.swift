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

    /// The Hummingbird middleware for Clerk's `has()` and reverification, end to end through
    /// HummingbirdTesting: the exact 403 `reverification-error` body, 200 when fresh, 401 when signed out,
    /// a plain 403 for a missing role.
    @Suite("ClerkHummingbird authorization middleware")
    struct ClerkHummingbirdAuthorizationTests {
        static let hint =
            #"{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}"#

        /// `/transfer` needs `strict` reverification; `/admin` the `admin` role and `moderate`; `/custom` a
        /// custom requirement.
        static func application(_ authenticator: ClerkRequestAuthenticator) -> some ApplicationProtocol {
            let router = Router(context: ClerkRequestContext.self)
            router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
            router.group("transfer").add(middleware: ClerkRequireReverificationMiddleware(.strict))
                .post { _, context -> String in try context.requireIdentity().userID }
            router.group("admin")
                .add(
                    middleware: ClerkRequireAuthorizationMiddleware(
                        AuthorizationCheck(role: "admin", reverification: .moderate))
                )
                .get { _, _ -> String in "admin" }
            router.group("custom")
                .add(middleware: ClerkRequireReverificationMiddleware(.custom(level: .secondFactor, afterMinutes: 30)))
                .get { _, _ -> String in "custom" }
            return Application(router: router)
        }

        func withClerkApp(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            try await Self.application(try Fixture.authenticator()).test(.router) { client in
                try await test(client)
            }
        }

        /// A v1 session token (no default `fva`) with `fva` and the organization claims given.
        static func token(fva: [Int64], role: String? = nil) -> String {
            var extra: [(name: String, value: ClaimValue)] = [("fva", .array(fva.map { .integer($0) }))]
            if let role { extra += [("org_id", "org_1"), ("org_role", .string(role))] }
            return Fixture.issuer.sessionToken(userID: "user_authz", version: 1, extra: extra)
        }

        static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

        @Test("A stale session gets Clerk's 403 reverification body, byte for byte")
        func stale() async throws {
            try await withClerkApp { client in
                try await client.execute(
                    uri: "/transfer", method: .post, headers: Self.bearer(Self.token(fva: [30, 30]))
                ) { res in
                    #expect(res.status == .forbidden)
                    #expect(Array(res.body.readableBytesView) == Array(Self.hint.utf8))
                    #expect(res.headers[values: .contentType] == ["application/json"])
                }
                try await client.execute(uri: "/custom", method: .get, headers: Self.bearer(Self.token(fva: [0, 45]))) {
                    res in
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
            try await withClerkApp { client in
                try await client.execute(
                    uri: "/transfer", method: .post, headers: Self.bearer(Self.token(fva: [2, 5]))
                ) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "user_authz")
                }
                try await client.execute(
                    uri: "/transfer", method: .post, headers: Self.bearer(Self.token(fva: [2, -1]))
                ) { res in
                    #expect(res.status == .ok)
                }
                try await client.execute(uri: "/custom", method: .get, headers: Self.bearer(Self.token(fva: [90, 29])))
                {
                    res in
                    #expect(res.status == .ok)
                }
            }
        }

        @Test("Signed out: 401, never the reverification body")
        func signedOut() async throws {
            try await withClerkApp { client in
                for (method, path) in [(HTTPRequest.Method.post, "/transfer"), (.get, "/admin"), (.get, "/custom")] {
                    try await client.execute(uri: path, method: method) { res in
                        #expect(res.status == .unauthorized)
                        #expect(!String(buffer: res.body).contains("reverification"))
                    }
                }
            }
        }

        @Test("Authorization middleware: plain 403 for the wrong role, Clerk's hint for a stale admin, 200 otherwise")
        func authorization() async throws {
            try await withClerkApp { client in
                try await client.execute(
                    uri: "/admin", method: .get, headers: Self.bearer(Self.token(fva: [1, 1], role: "member"))
                ) { res in
                    #expect(res.status == .forbidden)
                    #expect(!String(buffer: res.body).contains("reverification"))
                }
                try await client.execute(
                    uri: "/admin", method: .get, headers: Self.bearer(Self.token(fva: [90, 90], role: "org:admin"))
                ) { res in
                    #expect(res.status == .forbidden)
                    #expect(String(buffer: res.body) == ReverificationError(.moderate).body)
                }
                try await client.execute(
                    uri: "/admin", method: .get, headers: Self.bearer(Self.token(fva: [1, 59], role: "admin"))
                ) { res in
                    #expect(res.status == .ok)
                    #expect(String(buffer: res.body) == "admin")
                }
            }
        }
    }
#endif
