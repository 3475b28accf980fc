import ClerkBackend
import ClerkTesting
import Testing

/// The deprecated verify endpoint is refused locally unless the legacy flag is on.
@Suite("Legacy verify")
struct LegacyVerifyTests {
    @Test func refusedWithoutTheFlagAndSendsNothing() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession()
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let error = try #require(await apiError { _ = try await h.client.legacy.verify(session.id, token: token) })
            #expect(error.kind == .deprecatedEndpointDisabled)
            #expect(error.code == "deprecated-endpoint-disabled")
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test func withTheFlagAgainstRealClerkBehaviourGets410() async throws {
        try await Harness.run(configure: { $0.allowsLegacyVerify = true }) { h in
            let (session, _) = h.server.createSession()
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let error = try #require(await apiError { _ = try await h.client.legacy.verify(session.id, token: token) })
            #expect(error.kind == .endpointGone)
            #expect(h.server.requests.count == 1)
            #expect(h.server.requests.first?.path == "/v1/sessions/\(session.id)/verify")
        }
    }

    @Test func withLegacyFakeVerifiesTheToken() async throws {
        try await Harness.run(legacyVerify: true, configure: { $0.allowsLegacyVerify = true }) { h in
            let (session, _) = h.server.createSession(userID: "user_legacy")
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let verified = try await h.client.legacy.verify(session.id, token: token)
            #expect(verified.id == session.id)
            #expect(verified.userID == "user_legacy")
            let request = try #require(h.server.requests.last)
            #expect(request.method == "POST")
            #expect(try jsonValue(request.bodyText) == .object(["token": .string(token)]))

            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            let error = try #require(
                await apiError { _ = try await h.client.legacy.verify(session.id, token: expired) })
            #expect(error.status == 401)
        }
    }
}
