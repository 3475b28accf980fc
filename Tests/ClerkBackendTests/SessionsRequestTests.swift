import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// Each Sessions operation: the request as the fake server saw it, and the decoded answer.
@Suite("Sessions requests and answers")
struct SessionsRequestTests {
    /// Headers every API request carries.
    func expectCommonHeaders(_ request: FakeClerkServer.RecordedRequest, secretKey: String) {
        #expect(request.header("Authorization") == "Bearer \(secretKey)")
        #expect(request.header("Clerk-API-Version") == "2025-11-10")
        #expect(request.header("User-Agent") == "swift-clerk-session/0.1.0")
        #expect(request.header("User-Agent") == ClerkBackendClient.userAgent)
    }

    @Test func listSendsFiltersAndPaginated() async throws {
        try await Harness.run { h in
            let (mine, _) = h.server.createSession(userID: "user_list")
            h.server.createSession(userID: "user_other")
            let list = try await h.client.sessions.list(
                SessionListQuery(
                    clientID: mine.clientID, userID: "user_list",
                    status: .active, limit: 5, offset: 0))
            #expect(list.sessions.map(\.id) == [mine.id])
            #expect(list.totalCount == 1)
            let request = try #require(h.server.requests.last)
            #expect(request.method == "GET")
            #expect(request.path == "/v1/sessions")
            #expect(request.queryValue("paginated") == "true")
            #expect(request.queryValue("user_id") == "user_list")
            #expect(request.queryValue("client_id") == mine.clientID)
            #expect(request.queryValue("status") == "active")
            #expect(request.queryValue("limit") == "5")
            #expect(request.queryValue("offset") == "0")
            #expect(request.body.isEmpty)
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func listWithoutFiltersSendsOnlyPaginated() async throws {
        try await Harness.run { h in
            _ = try await h.client.sessions.list()
            let request = try #require(h.server.requests.last)
            #expect(request.query == "paginated=true")
        }
    }

    @Test func createSendsUserAndOrganization() async throws {
        try await Harness.run { h in
            let session = try await h.client.sessions.create(userID: "user_new", activeOrganizationID: "org_1")
            #expect(session.userID == "user_new")
            #expect(session.lastActiveOrganizationID == "org_1")
            #expect(session.status == .active)
            #expect(session.object == "session")
            #expect(h.server.session(id: session.id) != nil)
            let request = try #require(h.server.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/sessions")
            #expect(request.header("Content-Type") == "application/json")
            #expect(
                try jsonValue(request.bodyText) == .object(["user_id": "user_new", "active_organization_id": "org_1"]))
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func createWithoutOrganizationSendsOnlyUser() async throws {
        try await Harness.run { h in
            _ = try await h.client.sessions.create(userID: "user_new")
            let request = try #require(h.server.requests.last)
            #expect(try jsonValue(request.bodyText) == .object(["user_id": "user_new"]))
        }
    }

    @Test func getDecodesEveryField() async throws {
        try await Harness.run { h in
            let (stored, _) = h.server.createSession(userID: "user_get", activeOrganizationID: "org_get")
            let session = try await h.client.sessions.get(stored.id)
            #expect(session == stored)
            #expect(session.latestActivity?.isMobile == false)
            #expect(session.latestActivity?.browserName == "Safari")
            #expect(session.expireAt > session.createdAt)
            let request = try #require(h.server.requests.last)
            #expect(request.method == "GET")
            #expect(request.path == "/v1/sessions/\(stored.id)")
            #expect(request.body.isEmpty)
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func refreshTokenFormat() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession(userID: "user_r")
            let expired = try #require(
                h.server.sessionToken(
                    forSession: session.id,
                    issuedAt: h.server.issuer.clock.now() - 600))
            let result = try await h.client.sessions.refresh(
                session.id,
                RefreshSessionRequest(
                    expiredToken: expired, refreshToken: refreshToken, requestOrigin: "https://app.example.test",
                    requestOriginatingIP: "203.0.113.7", requestHeaders: ["x-test": ["1"]], format: .token))
            guard case .token(let jwt) = result else {
                Issue.record("expected a token, got \(result)")
                return
            }
            let verifier = SessionTokenVerifier(
                configuration: .init(issuer: h.server.issuer.issuer), keySet: h.server.issuer.keySet)
            let verified = try verifier.verify(jwt)
            #expect(verified.sessionID == session.id)
            #expect(verified.userID == "user_r")
            let request = try #require(h.server.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/sessions/\(session.id)/refresh")
            #expect(
                try jsonValue(request.bodyText)
                    == .object([
                        "expired_token": .string(expired), "refresh_token": .string(refreshToken),
                        "request_origin": "https://app.example.test", "request_originating_ip": "203.0.113.7",
                        "request_headers": .object(["x-test": .array(["1"])]), "format": "token",
                    ]))
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func refreshCookieFormatWithSuffixedCookies() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000, lifetime: 60))
            let result = try await h.client.sessions.refresh(
                session.id,
                RefreshSessionRequest(
                    expiredToken: expired, refreshToken: refreshToken, requestOrigin: "https://app.example.test",
                    format: .cookie),
                suffixedCookies: true)
            guard case .cookies(let cookies) = result else {
                Issue.record("expected cookies, got \(result)")
                return
            }
            let suffix = try PublishableKey(h.server.issuer.publishableKey).cookieSuffix
            #expect(cookies.count == 4)
            #expect(cookies[0].hasPrefix("__session=ey"))
            #expect(cookies[0].hasSuffix("; Path=/; SameSite=Lax"))
            #expect(cookies[1].hasPrefix("__client_uat="))
            #expect(cookies[2].hasPrefix("__session_\(suffix)="))
            #expect(cookies[3].hasPrefix("__client_uat_\(suffix)="))
            let request = try #require(h.server.requests.last)
            #expect(request.queryValue("suffixed_cookies") == "true")
        }
    }

    @Test func refreshSendsNoOptionalFieldsWhenAbsent() async throws {
        try await Harness.run { h in
            let (session, refreshToken) = h.server.createSession()
            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            let result = try await h.client.sessions.refresh(
                session.id,
                RefreshSessionRequest(
                    expiredToken: expired, refreshToken: refreshToken, requestOrigin: "https://app.example.test"))
            if case .cookies = result { Issue.record("the default format is token") }
            let request = try #require(h.server.requests.last)
            #expect(request.query.isEmpty)
            guard case .object(let members) = try jsonValue(request.bodyText) else {
                Issue.record("not an object")
                return
            }
            #expect(Set(members.keys) == ["expired_token", "refresh_token", "request_origin"])
        }
    }

    @Test func revokeSetsStatus() async throws {
        try await Harness.run { h in
            let (stored, _) = h.server.createSession()
            let session = try await h.client.sessions.revoke(stored.id)
            #expect(session.status == .revoked)
            #expect(h.server.session(id: stored.id)?.status == .revoked)
            let request = try #require(h.server.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/sessions/\(stored.id)/revoke")
            #expect(request.body.isEmpty)
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func createTokenWithoutLifetimeSendsNoBody() async throws {
        try await Harness.run { h in
            let (stored, _) = h.server.createSession(userID: "user_tok")
            let token = try await h.client.sessions.createToken(stored.id)
            #expect(token.object == "token")
            let verifier = SessionTokenVerifier(
                configuration: .init(issuers: [h.server.issuer.issuer], allowsMissingAuthorizedParty: true),
                keySet: h.server.issuer.keySet)
            #expect(try verifier.verify(token.jwt).sessionID == stored.id)
            #expect(!token.description.contains(token.jwt))
            let request = try #require(h.server.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/sessions/\(stored.id)/tokens")
            #expect(request.body.isEmpty)
            #expect(request.header("Content-Type") == nil)
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func createTokenWithLifetimeSendsBody() async throws {
        try await Harness.run { h in
            let (stored, _) = h.server.createSession()
            _ = try await h.client.sessions.createToken(stored.id, expiresInSeconds: 120)
            let request = try #require(h.server.requests.last)
            #expect(try jsonValue(request.bodyText) == .object(["expires_in_seconds": .integer(120)]))
        }
    }

    @Test func createTokenFromTemplate() async throws {
        try await Harness.run { h in
            let (stored, _) = h.server.createSession(userID: "user_tpl")
            let token = try await h.client.sessions.createTokenFromTemplate(
                stored.id, template: "custom_hasura", expiresInSeconds: 300)
            let parts = token.jwt.split(separator: ".")
            #expect(parts.count == 3)
            let header = String(decoding: Base64URL.decode(parts[0]) ?? [], as: UTF8.self)
            let claims = String(decoding: Base64URL.decode(parts[1]) ?? [], as: UTF8.self)
            #expect(header.contains("\"cat\":\"cl_B7d4PD222AAA\""))
            #expect(!claims.contains("\"sid\""))
            #expect(claims.contains("\"sub\":\"user_tpl\""))
            let request = try #require(h.server.requests.last)
            #expect(request.path == "/v1/sessions/\(stored.id)/tokens/custom_hasura")
            #expect(try jsonValue(request.bodyText) == .object(["expires_in_seconds": .integer(300)]))
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func jwksReturnsRawBytesAndKeySet() async throws {
        try await Harness.run { h in
            let bytes = try await h.client.jwks()
            #expect(String(decoding: bytes, as: UTF8.self) == h.server.issuer.jwksJSON)
            let keySet = try await h.client.jwksKeySet(issuer: h.server.issuer.issuer)
            #expect(keySet.keyIDs == [h.server.issuer.currentKey.keyID])
            #expect(keySet.issuer == h.server.issuer.issuer)
            let request = try #require(h.server.requests.last)
            #expect(request.method == "GET")
            #expect(request.path == "/v1/jwks")
            expectCommonHeaders(request, secretKey: h.server.secretKey)
        }
    }

    @Test func apiVersionHeaderIsOptional() async throws {
        try await Harness.run(configure: { $0.apiVersion = nil }) { h in
            _ = try await h.client.sessions.list()
            let request = try #require(h.server.requests.last)
            #expect(request.header("Clerk-API-Version") == nil)
            #expect(request.header("Authorization") == "Bearer \(h.server.secretKey)")
        }
    }
}
