#if Vapor
    import ClerkAdapterTestSupport
    import ClerkBackend
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import NIOCore
    import Testing
    import Vapor
    import VaporTesting

    /// The Vapor adapter with a ``ClerkBackendClient`` talking to a ``FakeClerkServer`` over real HTTP.
    @Suite("ClerkVapor with the fake Clerk server")
    struct ClerkVaporFakeServerTests {
        func withClerkApp(
            _ authenticator: ClerkRequestAuthenticator,
            _ test: (any TestingApplicationTester) async throws -> Void
        ) async throws {
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                ClerkVaporTests.routes(app)
            }) { app in
                try await test(try app.testing())
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

        @Test("Expired cookie token, GET: one refresh call, 200, Set-Cookie on the response")
        func refreshSucceeds() async throws {
            try await withFakeClerk { fake in
                let headers: HTTPHeaders = [
                    "Cookie": "__session=\(fake.expiredToken); __refresh=\(fake.refreshToken)",
                    "Host": Fixture.host,
                ]
                try await withClerkApp(try fake.authenticator()) { app in
                    try await app.test(.GET, "me", headers: headers) { res in
                        #expect(res.status == .ok)
                        #expect(String(buffer: res.body) == "user_fake|\(fake.sessionID)")
                        #expect(res.headers[.setCookie].contains { $0.hasPrefix("__session=") })
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").count == 1)
            }
        }

        @Test("Expired cookie token, POST: 401 and no refresh call")
        func noRefreshOnPost() async throws {
            try await withFakeClerk { fake in
                let headers: HTTPHeaders = [
                    "Cookie": "__session=\(fake.expiredToken); __refresh=\(fake.refreshToken)",
                    "Host": Fixture.host,
                ]
                try await withClerkApp(try fake.authenticator()) { app in
                    try await app.test(.POST, "me", headers: headers) { res in
                        #expect(res.status == .unauthorized)
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").isEmpty)
            }
        }

        @Test("Refresh refused with 401: signed out, 401 on a required route")
        func refreshRefused() async throws {
            try await withFakeClerk { fake in
                let headers: HTTPHeaders = [
                    "Cookie": "__session=\(fake.expiredToken); __refresh=rt_not_the_right_one",
                    "Host": Fixture.host,
                ]
                try await withClerkApp(try fake.authenticator()) { app in
                    try await app.test(.GET, "me", headers: headers) { res in
                        #expect(res.status == .unauthorized)
                        #expect(res.headers[.setCookie].isEmpty)
                    }
                }
                #expect(fake.requests(endingWith: "/refresh").count == 1)
            }
        }

        @Test("Legacy flag off, key outage: 503 and no verify call")
        func outageWithoutLegacyVerify() async throws {
            try await withFakeClerk { fake in
                fake.breakKeys()
                try await withClerkApp(try fake.authenticator(keysFromBackend: true)) { app in
                    try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(fake.freshToken)"]) { res in
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
                try await withClerkApp(try fake.authenticator(keysFromBackend: true, legacyVerify: true)) { app in
                    try await app.test(.GET, "me", headers: ["Authorization": "Bearer \(fake.freshToken)"]) { res in
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
