import ArgumentParser
import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import ClerkTesting
import NIOCore
import NIOHTTP1

/// `clerk-session demo`: walks the main cases over real HTTP on 127.0.0.1 and checks each outcome.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the embedded, networkless demo: issuer, fake Clerk Backend API and example server on 127.0.0.1.",
        discussion: "Exits 0 only if every case comes out as expected.")

    @OptionGroup(title: "Logging") var logging: LoggingOptions

    /// One case of the walk: a request to `GET /me` and the answer it must get.
    struct Case {
        let name: String
        var method: HTTPMethod = .GET
        let headers: [(String, String)]
        let expectedStatus: Int
        var expectsSetCookie = false
        var expectedUser: String?

        /// Whether `answer` is the one this case expects: the status, a `Set-Cookie: __session` when a
        /// refresh is expected, and the user in the body when a user is expected.
        func isExpected(_ answer: Answer) -> Bool {
            guard answer.status == expectedStatus else { return false }
            if expectsSetCookie, !answer.setsSessionCookie { return false }
            if let user = expectedUser, !answer.body.contains(user) { return false }
            return true
        }
    }

    /// What the example server answered to one case.
    struct Answer {
        let status: Int
        let body: String
        let setsSessionCookie: Bool
    }

    /// The end of the walk: exit 0 (returns) when no case came out wrong, else prints the one failure
    /// line and throws exit code 1.
    static func finish(failures: Int, total: Int) throws {
        if failures > 0 {
            throw CLIOutput.fail(code: "demo-failed", message: "\(failures) of \(total) cases came out wrong")
        }
        print("\nall \(total) cases came out as expected")
    }

    func run() async throws {
        let clerk = try await EmbeddedClerk.start()
        var server = ExampleServer(authenticator: clerk.authenticator, webhooks: clerk.webhooks)
        let (channel, port) = try await server.bind(port: 0)
        server.browserAuthenticator = try clerk.browserAuthenticator(port: port)
        let serving = Task { try await server.serve(channel) }

        print("clerk-session demo: everything below runs on 127.0.0.1, with no Clerk account and no network")
        print("  issuer          \(clerk.issuer.issuer) (RSA key \(clerk.issuer.currentKey.keyID))")
        print("  fake Clerk API  \(clerk.fake.baseURL)")
        print("  example server  http://127.0.0.1:\(port)  (GET /me requires a session)")
        print("")

        let outcome: Result<(failures: Int, total: Int), any Error>
        do { outcome = .success(try await walk(clerk: clerk, port: port)) } catch { outcome = .failure(error) }
        // Everything winds down before the command returns, on success and on failure: the server's
        // connections end, the clients close. Nothing of the demo is left running while the process exits.
        serving.cancel()
        _ = await serving.result
        await clerk.shutdown()
        let (failures, total) = try outcome.get()
        try Self.finish(failures: failures, total: total)
    }

    private func walk(clerk: EmbeddedClerk, port: Int) async throws -> (failures: Int, total: Int) {
        let fake = clerk.fake
        let issuer = clerk.issuer
        let (alice, aliceRefresh) = fake.createSession(userID: "user_alice")
        let (bob, bobRefresh) = fake.createSession(userID: "user_bob")
        let now = issuer.clock.now()
        let valid = fake.sessionToken(forSession: alice.id)!
        let expired = fake.sessionToken(forSession: alice.id, issuedAt: now - 3600)!
        var tampered = valid
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")
        let wrongAZP = issuer.sessionToken(
            userID: "user_alice", sessionID: alice.id, authorizedParty: "https://evil.example")
        let bobExpired = fake.sessionToken(forSession: bob.id, issuedAt: now - 3600)!

        let host = ("Host", "127.0.0.1:\(port)")
        var cases: [Case] = [
            Case(
                name: "valid token in Authorization: Bearer", method: .GET,
                headers: [host, ("Authorization", "Bearer \(valid)")], expectedStatus: 200, expectedUser: "user_alice"),
            Case(
                name: "valid token in the __session cookie", method: .GET,
                headers: [host, ("Cookie", "__session=\(valid)")], expectedStatus: 200, expectedUser: "user_alice"),
            Case(name: "no token at all", method: .GET, headers: [host], expectedStatus: 401),
            Case(
                name: "tampered token (one signature character changed)", method: .GET,
                headers: [host, ("Authorization", "Bearer \(tampered)")], expectedStatus: 401),
            Case(
                name: "expired cookie token, refreshed through Clerk", method: .GET,
                headers: [host, ("Cookie", "__session=\(expired); __refresh=\(aliceRefresh)")],
                expectedStatus: 200, expectsSetCookie: true, expectedUser: "user_alice"),
            Case(
                name: "expired cookie token, refresh refused (wrong refresh token)", method: .GET,
                headers: [host, ("Cookie", "__session=\(expired); __refresh=not-the-refresh-token")],
                expectedStatus: 401),
            Case(
                name: "expired token as Bearer (API clients refresh themselves)", method: .GET,
                headers: [host, ("Authorization", "Bearer \(expired)")], expectedStatus: 401),
            Case(
                name: "wrong authorized party (azp https://evil.example)", method: .GET,
                headers: [host, ("Authorization", "Bearer \(wrongAZP)")], expectedStatus: 401),
        ]

        var failures = 0
        for c in cases { if try await !run(c, port: port, client: clerk.httpClient) { failures += 1 } }

        // Revocation: once Bob's session is revoked, his expired token can no longer be refreshed.
        _ = try await clerk.client.sessions.revoke(bob.id)
        let revoked = Case(
            name: "revoked session (expired token, valid refresh token)", method: .GET,
            headers: [host, ("Cookie", "__session=\(bobExpired); __refresh=\(bobRefresh)")], expectedStatus: 401)
        if try await !run(revoked, port: port, client: clerk.httpClient) { failures += 1 }
        cases.append(revoked)

        // Instant revocation: Carol's session is revoked in Clerk. Her token, still within its minute, keeps
        // verifying locally until Clerk's session.revoked webhook reaches the server; then it is refused.
        let (carol, _) = fake.createSession(userID: "user_carol")
        let carolToken = fake.sessionToken(forSession: carol.id)!
        _ = try await clerk.client.sessions.revoke(carol.id)
        let beforeWebhook = Case(
            name: "revoked in Clerk, no webhook yet (token within its minute)", method: .GET,
            headers: [host, ("Authorization", "Bearer \(carolToken)")], expectedStatus: 200, expectedUser: "user_carol")
        if try await !run(beforeWebhook, port: port, client: clerk.httpClient) { failures += 1 }
        let delivered = try await fake.revokeSession(
            carol.id, notifying: "http://127.0.0.1:\(port)/webhooks/clerk", signedWith: clerk.webhookSigner)
        print(
            "  \(delivered == 200 ? "ok  " : "FAIL") \("session.revoked webhook delivered (Svix-signed)".padding(60)) → \(delivered)"
        )
        if delivered != 200 { failures += 1 }
        let afterWebhook = Case(
            name: "the same token after the revocation webhook", method: .GET,
            headers: [host, ("Authorization", "Bearer \(carolToken)")], expectedStatus: 401)
        if try await !run(afterWebhook, port: port, client: clerk.httpClient) { failures += 1 }
        cases += [beforeWebhook, afterWebhook]

        // A browser: a page load with a stale cookie and no refresh cookie. Clerk's handshake re-syncs it: the
        // server redirects to the Frontend API, which sends the browser back with a fresh session; no 401.
        if try await !browserPageLoad(clerk: clerk, port: port, session: alice.id, staleToken: expired) {
            failures += 1
        }

        let refreshes = fake.requests.filter { $0.path.hasSuffix("/refresh") }.count
        print(
            "\n  Clerk saw \(refreshes) refresh calls and \(fake.requests.filter { $0.path.hasSuffix("/jwks") }.count) JWKS fetch; every other request was verified locally"
        )
        return (failures, cases.count + 2)  // the webhook delivery and the browser page load are checked steps too
    }

    /// The browser case: `GET /page` (a document request) with an expired `__session` and `__client_uat`, the
    /// 307 to the fake Frontend API's handshake, the 307 back with the handshake cookie, and the page.
    private func browserPageLoad(clerk: EmbeddedClerk, port: Int, session: String, staleToken: String) async throws
        -> Bool
    {
        // A browser follows each redirect itself, with its cookies: no automatic redirects here.
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        do {
            let ok = try await browserPageLoad(
                clerk: clerk, client: client, port: port, session: session, staleToken: staleToken)
            try await client.shutdown()
            return ok
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func browserPageLoad(
        clerk: EmbeddedClerk, client: HTTPClient, port: Int, session: String, staleToken: String
    ) async throws -> Bool {
        let uat = Int(clerk.issuer.clock.now()) - 7200
        func get(_ url: String, cookies: [String]) async throws -> HTTPClientResponse {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Sec-Fetch-Dest", value: "document")
            if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.joined(separator: "; ")) }
            return try await client.execute(request, timeout: .seconds(10))
        }
        let stale = ["__session=\(staleToken)", "__client_uat=\(uat)"]
        let first = try await get("http://127.0.0.1:\(port)/page", cookies: stale)
        let toClerk = first.headers.first(name: "Location") ?? ""
        // The browser holds its Clerk client cookie on the Frontend API's domain.
        let second = try await get(toClerk, cookies: ["__client=\(session)"])
        let back = second.headers.first(name: "Location") ?? ""
        let handshake = second.headers["Set-Cookie"].compactMap { value -> String? in
            let pair = String(value.split(separator: ";", maxSplits: 1).first ?? "")
            return pair.hasPrefix("__clerk_handshake=") ? pair : nil
        }
        let third = try await get(back, cookies: stale + handshake)
        let body = String(buffer: try await third.body.collect(upTo: 64 * 1024))
        let setsSession = third.headers["Set-Cookie"].contains { $0.hasPrefix("__session=") }
        let ok =
            first.status.code == 307 && toClerk.hasPrefix(clerk.fake.handshakeURL) && second.status.code == 307
            && back == "http://127.0.0.1:\(port)/page" && third.status.code == 200 && body.contains("user_alice")
            && setsSession
        let name = "page load, stale cookie: recovered through Clerk's handshake"
        print(
            "  \(ok ? "ok  " : "FAIL") \(name.padding(60)) → \(first.status.code), \(second.status.code), \(third.status.code)\(ok ? " user_alice + Set-Cookie __session" : "")"
        )
        return ok
    }

    private func run(_ c: Case, port: Int, client: HTTPClient) async throws -> Bool {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/me")
        request.method = c.method
        for (name, value) in c.headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
        let setCookie = response.headers["Set-Cookie"].contains { $0.hasPrefix("__session") }
        let ok = c.isExpected(Answer(status: Int(response.status.code), body: body, setsSessionCookie: setCookie))
        let detail = c.expectedUser.map { ok ? " \($0)" : "" } ?? ""
        let cookieNote = setCookie ? " + Set-Cookie __session" : ""
        print(
            "  \(ok ? "ok  " : "FAIL") \(c.name.padding(60)) → \(response.status.code)\(detail)\(cookieNote)\(ok ? "" : " (expected \(c.expectedStatus))")"
        )
        return ok
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
