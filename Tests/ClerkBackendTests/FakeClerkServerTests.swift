import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// The fake server's own rules: authentication, refresh checks, revocation, the Frontend API JWKS.
@Suite("Fake Clerk server")
struct FakeClerkServerTests {
    func refresh(_ h: Harness, _ id: String, expired: String, refreshToken: String) async -> ClerkAPIError? {
        await apiError {
            _ = try await h.client.sessions.refresh(
                id,
                .init(
                    expiredToken: expired, refreshToken: refreshToken,
                    requestOrigin: "https://app.example.test"))
        }
    }

    @Test func refreshRejectsAWrongRefreshToken() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession()
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            let error = try #require(await refresh(h, session.id, expired: expired, refreshToken: "rt_wrong"))
            #expect(error.status == 401)
            #expect(error.errors.first?.code == "authentication_invalid")
        }
    }

    @Test func refreshRejectsATokenOfAnotherSession() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            let (other, _) = h.server.createSession()
            let foreign = try #require(h.server.sessionToken(forSession: other.id, issuedAt: 1_000_000))
            #expect(await refresh(h, session.id, expired: foreign, refreshToken: refreshToken)?.status == 401)
        }
    }

    @Test func refreshRejectsAForgedToken() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            let stranger = TestIssuer(frontendAPIHost: h.server.issuer.frontendAPIHost)
            let forged = stranger.sessionToken(userID: session.userID, sessionID: session.id, issuedAt: 1_000_000)
            #expect(await refresh(h, session.id, expired: forged, refreshToken: refreshToken)?.status == 401)
        }
    }

    @Test func refreshRejectsARevokedSession() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            _ = try await h.client.sessions.revoke(session.id)
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            #expect(await refresh(h, session.id, expired: expired, refreshToken: refreshToken)?.status == 401)
            #expect(h.server.refreshToken(forSession: session.id) == refreshToken)
        }
    }

    @Test func refreshAcceptsATokenSignedByAPreviousPublishedKey() async throws {
        let issuer = TestIssuer()
        try await Harness.run(issuer: issuer) { h in
            let (session, refreshToken) = h.server.createSession()
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            h.server.rotateKey(keepPrevious: true)
            let result = try await h.client.sessions.refresh(
                session.id,
                .init(
                    expiredToken: expired, refreshToken: refreshToken,
                    requestOrigin: "https://app.example.test"))
            guard case .token = result else {
                Issue.record("expected a token")
                return
            }
            h.server.rotateKey(keepPrevious: false)
            #expect(await refresh(h, session.id, expired: expired, refreshToken: refreshToken)?.status == 401)
        }
    }

    @Test func unknownPathsAreNotFound() async throws {
        try await Harness.run { h in
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_unknown") })
            #expect(error.status == 404)
        }
    }

    @Test func faultsAreCountedAndMethodScoped() async throws {
        try await Harness.run(configure: { $0.retryPolicy = .none }) { h in
            let (session, _) = h.server.createSession()
            h.server.injectFault(path: "/v1/sessions/\(session.id)", method: "POST", status: 500)
            _ = try await h.client.sessions.get(session.id)  // a GET is not affected
            h.server.clearFaults()
            h.server.injectFault(path: "/v1/sessions/\(session.id)", status: 500, count: 2)
            #expect(await apiError { _ = try await h.client.sessions.get(session.id) }?.status == 500)
            #expect(await apiError { _ = try await h.client.sessions.get(session.id) }?.status == 500)
            _ = try await h.client.sessions.get(session.id)
            #expect(h.server.requests.count == 4)
        }
    }

    @Test func requestsRecordQueryAndBody() async throws {
        try await Harness.run { h in
            _ = try await h.client.sessions.list(.init(userID: "user with space&more"))
            let request = try #require(h.server.requests.last)
            #expect(request.queryValue("user_id") == "user with space&more")
            #expect(request.query.contains("user_id=user%20with%20space%26more"))
        }
    }
}
