import ClerkBackend
import ClerkTesting
import Testing

/// `GET /v1/sessions` answers either a bare array or `{data, total_count}`; both decode.
@Suite("Session list shapes")
struct SessionListShapeTests {
    static let sessionJSON = """
        {"object":"session","id":"sess_a","user_id":"user_a","client_id":"client_a","actor":{"sub":"user_admin"},\
        "status":"pending","last_active_organization_id":null,"last_active_at":1700000000000,\
        "latest_activity":{"object":"session_activity","id":"sa_1","is_mobile":true,"city":"Paris"},\
        "expire_at":1700600000000,"abandon_at":1702600000000,"updated_at":1700000000001,"created_at":1700000000000,\
        "tasks":[{"key":"choose-organization"}],"some_future_field":{"x":1}}
        """

    @Test func bareArray() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions", method: "GET", status: 200, body: "[\(Self.sessionJSON)]")
            let list = try await h.client.sessions.list(SessionListQuery(userID: "user_a"))
            #expect(list.totalCount == nil)
            #expect(list.sessions.count == 1)
            let session = try #require(list.sessions.first)
            #expect(session.id == "sess_a")
            #expect(session.status == .pending)
            #expect(session.actor?["sub"] == .string("user_admin"))
            #expect(session.latestActivity?.isMobile == true)
            #expect(session.latestActivity?.city == "Paris")
            #expect(session.latestActivity?.deviceType == nil)
            #expect(session.tasks == [.init(key: "choose-organization")])
            #expect(session.createdAt == 1_700_000_000_000)
        }
    }

    @Test func paginatedObject() async throws {
        try await Harness.run { h in
            h.server.injectFault(
                path: "/v1/sessions", status: 200, body: "{\"data\":[\(Self.sessionJSON)],\"total_count\":42}")
            let list = try await h.client.sessions.list()
            #expect(list.totalCount == 42)
            #expect(list.sessions.map(\.id) == ["sess_a"])
        }
    }

    @Test func fakeServerPagesRealSessions() async throws {
        try await Harness.run { h in
            for _ in 0..<3 { h.server.createSession(userID: "user_page") }
            let page = try await h.client.sessions.list(SessionListQuery(userID: "user_page", limit: 2, offset: 1))
            #expect(page.sessions.count == 2)
            #expect(page.totalCount == 3)
        }
    }

    @Test func unknownStatusIsKept() async throws {
        try await Harness.run { h in
            let json = Self.sessionJSON.replacing("\"pending\"", with: "\"hibernating\"")
            h.server.injectFault(path: "/v1/sessions/sess_a", status: 200, body: json)
            let session = try await h.client.sessions.get("sess_a")
            #expect(session.status.rawValue == "hibernating")
        }
    }
}
