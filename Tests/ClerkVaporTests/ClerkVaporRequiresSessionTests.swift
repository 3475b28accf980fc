#if Vapor
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import Foundation
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

        /// What a client sees of an answer: status, body, and every header the middleware can add (a
        /// `Set-Cookie` by its name and attributes: a refreshed token is new on every refresh).
        struct Answer: Equatable, CustomStringConvertible {
            let status: UInt
            let body: String
            let setCookies: [String]
            let clerkHeaders: [String]

            var description: String { "\(status) \(body.prefix(40)) cookies=\(setCookies) clerk=\(clerkHeaders)" }
        }

        static func answers(
            _ authenticator: ClerkRequestAuthenticator, oneHop: Bool, _ requests: [HTTPHeaders]
        ) async throws -> [Answer] {
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                Self.routes(app, oneHop: oneHop)
            }) { app in
                var answers: [Answer] = []
                for headers in requests {
                    try await app.testing().test(.GET, "me", headers: headers) { res in
                        answers.append(
                            Answer(
                                status: res.status.code, body: Self.normalized(String(buffer: res.body)),
                                setCookies: res.headers[.setCookie].map { line in
                                    let name = line.prefix { $0 != "=" }
                                    let attributes = line.drop { $0 != ";" }
                                    return "\(name)=…\(attributes)"
                                },
                                clerkHeaders: res.headers.filter { $0.name.lowercased().hasPrefix("x-clerk") }
                                    .map { "\($0.name.lowercased()): \($0.value)" }))
                    }
                }
                return answers
            }
        }

        /// An error body with its keys sorted: Vapor's `ErrorMiddleware` encodes `error` and `reason` in either
        /// order from one request to the next.
        static func normalized(_ body: String) -> String {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)),
                let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            else { return body }
            return String(decoding: sorted, as: UTF8.self)
        }

        static func bearer(_ token: String) -> HTTPHeaders {
            ["Authorization": "Bearer \(token)", "Host": Fixture.host]
        }

        static func cookie(_ value: String) -> HTTPHeaders { ["Cookie": value, "Host": Fixture.host] }

        /// Requests in every outcome the signed-out path distinguishes.
        static let requests: [HTTPHeaders] = [
            bearer(Fixture.issuer.sessionToken(userID: "user_one", sessionID: "sess_one")),
            cookie("__session=\(Fixture.issuer.sessionToken(userID: "user_cookie", sessionID: "sess_cookie"))"),
            ["Host": Fixture.host],
            bearer(Fixture.tampered(Fixture.issuer.sessionToken())),
            bearer("not-a-token"),
            bearer(Fixture.expiredToken()),
            cookie("__session=\(Fixture.expiredToken()); __refresh=rt_stub"),
            ["Authorization": "Basic dXNlcjpwYXNz", "Host": Fixture.host],
            bearer(Fixture.m2mToken()),
        ]

        @Test(
            "Every request gets the answer the authenticator and the session guard give",
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
            let one = try await Self.answers(authenticator, oneHop: true, Self.requests)
            let two = try await Self.answers(authenticator, oneHop: false, Self.requests)
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
            if setup == "machine tokens" {
                // An accepted machine token is an identity, not a session: 401 in both forms.
                #expect(one.last?.status == 401)
            }
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
