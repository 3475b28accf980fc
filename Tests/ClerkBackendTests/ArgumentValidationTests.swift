import ClerkBackend
import ClerkTesting
import Testing

/// Bad arguments are refused with `.invalidArgument` before any request is sent.
@Suite("Argument validation")
struct ArgumentValidationTests {
    static let badIDs = [
        "", "sess/../x", "sess\\x", "..", ".", "sess%2fx", "sess%2Fx", "%2e%2e", "sess%5cx",
        "sess?x=1", "sess#frag", "sess x", "sess\tx", "sess\nx", "sess\u{0}x", "sess\u{7f}",
    ]

    @Test(arguments: badIDs)
    func badSessionIDs(id: String) async throws {
        try await Harness.run { h in
            let sessions = h.client.sessions
            let calls: [() async throws -> Void] = [
                { () async throws in _ = try await sessions.get(id) },
                { () async throws in _ = try await sessions.revoke(id) },
                { () async throws in _ = try await sessions.createToken(id) },
                { () async throws in _ = try await sessions.createTokenFromTemplate(id, template: "t") },
                { () async throws in
                    _ = try await sessions.refresh(id, .init(expiredToken: "a", refreshToken: "b", requestOrigin: "c"))
                },
            ]
            for call in calls {
                let error = try #require(await apiError(call))
                #expect(error.kind == .invalidArgument)
            }
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test(arguments: ["", "tpl/x", "..", "tpl%2F", "tpl name", "tpl?x", "tpl#x"])
    func badTemplateNames(template: String) async throws {
        try await Harness.run { h in
            let error = try #require(
                await apiError { _ = try await h.client.sessions.createTokenFromTemplate("sess_1", template: template) }
            )
            #expect(error.kind == .invalidArgument)
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test func errorsDoNotEchoTheValue() async throws {
        try await Harness.run { h in
            let error = try #require(
                await apiError { _ = try await h.client.sessions.get("secret-looking value/with slash") })
            #expect(!error.description.contains("secret-looking"))
        }
    }

    @Test(arguments: [0, 501, -1, Int.max])
    func limitOutOfRange(limit: Int) async throws {
        try await Harness.run { h in
            let error = try #require(
                await apiError { _ = try await h.client.sessions.list(.init(userID: "u", limit: limit)) })
            #expect(error.kind == .invalidArgument)
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test func negativeOffset() async throws {
        try await Harness.run { h in
            let error = try #require(
                await apiError { _ = try await h.client.sessions.list(.init(userID: "u", offset: -1)) })
            #expect(error.kind == .invalidArgument)
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test(arguments: [0, 29, 315_360_001, -5])
    func tokenLifetimeOutOfRange(seconds: Int) async throws {
        try await Harness.run { h in
            let a = try #require(
                await apiError { _ = try await h.client.sessions.createToken("sess_1", expiresInSeconds: seconds) })
            let b = try #require(
                await apiError {
                    _ = try await h.client.sessions.createTokenFromTemplate(
                        "sess_1", template: "t", expiresInSeconds: seconds)
                })
            #expect(a.kind == .invalidArgument)
            #expect(b.kind == .invalidArgument)
            #expect(h.server.requests.isEmpty)
        }
    }

    @Test func boundsAreInclusive() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession()
            _ = try await h.client.sessions.createToken(session.id, expiresInSeconds: 30)
            _ = try await h.client.sessions.createToken(session.id, expiresInSeconds: 315_360_000)
            _ = try await h.client.sessions.list(.init(userID: "u", limit: 1, offset: 0))
            _ = try await h.client.sessions.list(.init(userID: "u", limit: 500))
            #expect(h.server.requests.count == 4)
        }
    }

    @Test func emptyRefreshFieldsAndEmptyUser() async throws {
        try await Harness.run { h in
            let refresh = try #require(
                await apiError {
                    _ = try await h.client.sessions.refresh(
                        "sess_1", .init(expiredToken: "", refreshToken: "r", requestOrigin: "o"))
                })
            let create = try #require(await apiError { _ = try await h.client.sessions.create(userID: "") })
            let list = try #require(await apiError { _ = try await h.client.sessions.list(.init(userID: "")) })
            #expect([refresh.kind, create.kind, list.kind] == [.invalidArgument, .invalidArgument, .invalidArgument])
            #expect(h.server.requests.isEmpty)
        }
    }
}
