import ClerkBackend
import ClerkTesting
import Testing

/// Only idempotent GETs are retried, boundedly, honouring Retry-After; writes never are.
@Suite("Retries")
struct RetryTests {
    @Test func getIsRetriedOn503ThenSucceeds() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession()
            h.server.injectFault(path: "/v1/sessions/\(session.id)", status: 503, body: "unavailable")
            let fetched = try await h.client.sessions.get(session.id)
            #expect(fetched.id == session.id)
            #expect(h.server.requests.count == 2)
            #expect(h.sleeps.recorded.count == 1)
        }
    }

    @Test(arguments: [429, 502, 503, 504])
    func retryableStatusesOnList(status: Int) async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions", status: status, count: 2)
            let list = try await h.client.sessions.list()
            #expect(list.sessions.isEmpty)
            #expect(h.server.requests.count == 3)
        }
    }

    @Test func retriesAreBounded() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/jwks", status: 503, count: 10)
            let error = try #require(await apiError { _ = try await h.client.jwks() })
            #expect(error.status == 503)
            #expect(h.server.requests.count == 3)  // 1 + 2 retries
            #expect(h.sleeps.recorded.count == 2)
        }
    }

    @Test func backoffGrowsWithinBounds() async throws {
        try await Harness.run(configure: {
            $0.retryPolicy.maximumRetries = 3
            $0.retryPolicy.baseDelay = .milliseconds(100)
            $0.retryPolicy.maximumDelay = .milliseconds(250)
        }) { h in
            h.server.injectFault(path: "/v1/sessions", status: 502, count: 3)
            _ = try await h.client.sessions.list()
            let delays = h.sleeps.recorded
            #expect(delays.count == 3)
            #expect(delays[0] >= .milliseconds(50) && delays[0] <= .milliseconds(100))
            #expect(delays[1] >= .milliseconds(100) && delays[1] <= .milliseconds(200))
            #expect(delays[2] >= .milliseconds(125) && delays[2] <= .milliseconds(250))
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions", status: 429, headers: [("Retry-After", "3")])
            _ = try await h.client.sessions.list()
            #expect(h.sleeps.recorded == [.seconds(3)])
            #expect(h.server.requests.count == 2)
        }
    }

    @Test func retryAfterBeyondTheCapIsNotWaitedFor() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions", status: 429, headers: [("Retry-After", "120")])
            let error = try #require(await apiError { _ = try await h.client.sessions.list() })
            #expect(error.status == 429)
            #expect(error.retryAfter == .seconds(120))
            #expect(h.sleeps.recorded.isEmpty)
            #expect(h.server.requests.count == 1)
        }
    }

    @Test func nonRetryableStatusIsNotRetried() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions", status: 500)
            _ = await apiError { _ = try await h.client.sessions.list() }
            #expect(h.server.requests.count == 1)
        }
    }

    @Test func refreshIsNeverRetried() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            h.server.injectFault(path: "/v1/sessions/\(session.id)/refresh", status: 503)
            let error = try #require(
                await apiError {
                    _ = try await h.client.sessions.refresh(
                        session.id,
                        .init(
                            expiredToken: expired, refreshToken: refreshToken,
                            requestOrigin: "https://app.example.test"))
                })
            #expect(error.status == 503)
            #expect(h.server.requests.count == 1)
        }
    }

    @Test func writesAreNeverRetried() async throws {
        try await Harness.run(legacyVerify: true, configure: { $0.allowsLegacyVerify = true }) { h in
            let (session, _) = h.server.createSession()
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let id = session.id
            let sessions = h.client.sessions
            let legacy = h.client.legacy
            let writes: [(String, () async throws -> Void)] = [
                ("/v1/sessions", { () async throws in _ = try await sessions.create(userID: "u") }),
                ("/v1/sessions/\(id)/revoke", { () async throws in _ = try await sessions.revoke(id) }),
                ("/v1/sessions/\(id)/verify", { () async throws in _ = try await legacy.verify(id, token: token) }),
                ("/v1/sessions/\(id)/tokens", { () async throws in _ = try await sessions.createToken(id) }),
                (
                    "/v1/sessions/\(id)/tokens/tpl",
                    { () async throws in
                        _ = try await sessions.createTokenFromTemplate(id, template: "tpl")
                    }
                ),
            ]
            for (path, call) in writes {
                h.server.clearRequests()
                h.server.injectFault(path: path, method: "POST", status: 503)
                let error = try #require(await apiError(call))
                #expect(error.status == 503, "\(path)")
                #expect(h.server.requests.count == 1, "\(path)")
            }
            #expect(h.sleeps.recorded.isEmpty)
        }
    }
}
