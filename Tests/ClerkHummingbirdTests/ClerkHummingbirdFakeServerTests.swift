#if Hummingbird
    import ClerkAdapterTestSupport
    import ClerkBackend
    import ClerkHummingbird
    import ClerkSession
    import ClerkTesting
    import HTTPTypes
    import Hummingbird
    import HummingbirdTesting
    import NIOCore
    import Testing

    /// The Hummingbird adapter with a ``ClerkBackendClient`` talking to a ``FakeClerkServer`` over real HTTP.
    @Suite("ClerkHummingbird with the fake Clerk server")
    struct ClerkHummingbirdFakeServerTests {
        func withClerkApp(
            _ authenticator: ClerkRequestAuthenticator,
            _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
        ) async throws {
            try await ClerkHummingbirdTests.application(authenticator).test(.router) { client in
                try await test(client)
            }
        }

        /// Starts a fake, runs `body`, always shuts the fake down.
        func withFakeClerk(_ body: (FakeClerk) async throws -> Void) async throws {
            let fake = try await FakeClerk.start()
            do {
                try await body(fake)
            } catch {
                try? await fake.server.shutdown()
                throw error
            }
            try await fake.server.shutdown()
        }

        static func cookies(_ fake: FakeClerk, refreshToken: String? = nil) -> HTTPFields {
            [.cookie: "__session=\(fake.expiredToken); __refresh=\(refreshToken ?? fake.refreshToken)"]
        }

        @Test("Expired cookie token, GET: one refresh call, 200, Set-Cookie on the response")
        func refreshSucceeds() async throws {
            try await withFakeClerk { fake in
                let headers = Self.cookies(fake)
                let expected = "user_fake|\(fake.sessionID)"
                try await withClerkApp(try fake.authenticator()) { client in
                    try await client.execute(uri: "/me", method: .get, headers: headers) { res in
                        #expect(res.status == .ok)
                        #expect(String(buffer: res.body) == expected)
                        #expect(res.headers[values: .setCookie].contains { $0.hasPrefix("__session=") })
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").count == 1)
            }
        }

        @Test("Expired cookie token, POST: 401 and no refresh call")
        func noRefreshOnPost() async throws {
            try await withFakeClerk { fake in
                let headers = Self.cookies(fake)
                try await withClerkApp(try fake.authenticator()) { client in
                    try await client.execute(uri: "/me", method: .post, headers: headers) { res in
                        #expect(res.status == .unauthorized)
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").isEmpty)
            }
        }

        @Test("Refresh refused with 401: signed out, 401 on a required route")
        func refreshRefused() async throws {
            try await withFakeClerk { fake in
                let headers = Self.cookies(fake, refreshToken: "rt_not_the_right_one")
                try await withClerkApp(try fake.authenticator()) { client in
                    try await client.execute(uri: "/me", method: .get, headers: headers) { res in
                        #expect(res.status == .unauthorized)
                        #expect(res.headers[values: .setCookie].isEmpty)
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").count == 1)
            }
        }

        @Test("Legacy flag off, key outage: 503 and no verify call")
        func outageWithoutLegacyVerify() async throws {
            try await withFakeClerk { fake in
                fake.breakKeys()
                let headers: HTTPFields = [.authorization: "Bearer \(fake.freshToken)"]
                try await withClerkApp(try fake.authenticator(keysFromBackend: true)) { client in
                    try await client.execute(uri: "/me", method: .get, headers: headers) { res in
                        #expect(res.status == .serviceUnavailable)
                    }
                }
                #expect(!fake.requests(endingWith: "/jwks").isEmpty)
                #expect(fake.requests(endingWith: "/verify").isEmpty)
            }
        }

        @Test("Legacy flag on, key outage: the verify call's 410 becomes a 503")
        func outageWithLegacyVerifyGone() async throws {
            try await withFakeClerk { fake in
                fake.breakKeys()
                let headers: HTTPFields = [.authorization: "Bearer \(fake.freshToken)"]
                try await withClerkApp(try fake.authenticator(keysFromBackend: true, legacyVerify: true)) { client in
                    try await client.execute(uri: "/me", method: .get, headers: headers) { res in
                        #expect(res.status == .serviceUnavailable)
                        #expect(!String(buffer: res.body).contains("410"))
                        #expect(!String(buffer: res.body).contains("deprecated"))
                    }
                }
                #expect(fake.requests(endingWith: "/verify").count == 1)
            }
        }
    }
#endif
