import ClerkSession
import ClerkTesting
import ClerkWebhooks
import Testing

@testable import ClerkBackend

/// Issue 14 (3, 4, 7): verified webhooks and this package's own revokeSession calls feed the verifier's
/// revocation list; nothing a stranger sends changes it.
@Suite("Webhook revocation")
struct WebhookRevocationTests {
    static let now: Int64 = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(Double(now)))

    struct Stack {
        let signer = TestWebhookSigner()
        let verifier: SessionTokenVerifier
        let endpoint: ClerkWebhookEndpoint
        let handled = Locked<[String]>([])

        init(handlerFails: Locked<Bool> = Locked(false)) throws {
            verifier = SessionTokenVerifier(
                configuration: .init(issuers: [WebhookRevocationTests.issuer.issuer], clock: .fixed(Double(now))),
                keySet: WebhookRevocationTests.issuer.keySet)
            let handled = self.handled
            endpoint = ClerkWebhookEndpoint(
                verifier: ClerkWebhookVerifier(
                    secret: try ClerkWebhookSecret(signer.secretText), configuration: .init(clock: .fixed(Double(now)))),
                revocations: verifier.revocations
            ) { delivery in
                if handlerFails.withLock({ $0 }) { throw CancellationError() }
                handled.withLock { $0.append(delivery.id) }
            }
        }

        func deliver(_ type: String, _ data: String, id: String = "msg_1", signature: String? = nil) async
            -> ClerkWebhookEndpoint.Response
        {
            let body = Array(#"{"object":"event","type":"\#(type)","timestamp":1,"data":\#(data)}"#.utf8)
            var headers = signer.headers(id: id, timestamp: now, body: body)
            if let signature { headers[2].value = signature }
            return await endpoint.handle(body: body, headers: headers)
        }

        func code(_ token: String) -> String {
            do {
                _ = try verifier.verify(token)
                return "verified"
            } catch { return error.code.rawValue }
        }
    }

    static func session(_ id: String, user: String = "user_1", status: String) -> String {
        #"{"object":"session","id":"\#(id)","user_id":"\#(user)","client_id":"client_1","status":"\#(status)"}"#
    }

    @Test("session.revoked, ended and removed refuse the session's tokens at once, cached or not")
    func sessionEvents() async throws {
        let stack = try Stack()
        for (i, (type, status)) in [
            ("session.revoked", "revoked"), ("session.ended", "ended"), ("session.removed", "removed"),
        ]
        .enumerated() {
            let token = Self.issuer.sessionToken(sessionID: "sess_\(status)")
            #expect(stack.code(token) == "verified")
            let answer = await stack.deliver(type, Self.session("sess_\(status)", status: status), id: "msg_\(i)")
            #expect(answer.status == 200 && answer.body == #"{"status":"applied"}"#)
            #expect(stack.code(token) == "session-revoked")
        }
        #expect(stack.handled.withLock { $0 } == ["msg_0", "msg_1", "msg_2"])
    }

    @Test("without the webhook, the same token is accepted (the window it closes)")
    func withoutWebhook() async throws {
        let stack = try Stack()
        let token = Self.issuer.sessionToken(sessionID: "sess_quiet")
        _ = await stack.deliver("session.created", Self.session("sess_quiet", status: "active"))
        #expect(stack.code(token) == "verified")
    }

    @Test("user.deleted and a ban refuse the user's earlier tokens; session.created later does not un-revoke")
    func usersAndOrder() async throws {
        let stack = try Stack()
        let deletedUserToken = Self.issuer.sessionToken(
            userID: "user_del", sessionID: "sess_u1", issuedAt: Double(Self.now) - 5)
        let bannedUserToken = Self.issuer.sessionToken(
            userID: "user_ban", sessionID: "sess_u2", issuedAt: Double(Self.now) - 5)
        #expect(
            (await stack.deliver("user.deleted", #"{"object":"user","id":"user_del","deleted":true}"#, id: "m1")).status
                == 200)
        #expect(
            (await stack.deliver(
                "user.updated", #"{"object":"user","id":"user_ban","banned":true,"locked":false}"#, id: "m2"))
                .status == 200)
        #expect(stack.code(deletedUserToken) == "session-revoked")
        #expect(stack.code(bannedUserToken) == "session-revoked")
        // Out of order: the session's revocation, then its creation arriving late.
        let token = Self.issuer.sessionToken(sessionID: "sess_late")
        _ = await stack.deliver("session.revoked", Self.session("sess_late", status: "revoked"), id: "m3")
        _ = await stack.deliver("session.created", Self.session("sess_late", status: "active"), id: "m4")
        #expect(stack.code(token) == "session-revoked")
        // A membership deletion revokes nothing.
        let member = Self.issuer.sessionToken(userID: "user_m", sessionID: "sess_m")
        _ = await stack.deliver(
            "organizationMembership.deleted",
            #"{"id":"orgmem_1","organization":{"id":"org_1"},"public_user_data":{"user_id":"user_m"}}"#, id: "m5")
        #expect(stack.code(member) == "verified")
    }

    @Test("a retry with the same svix-id is acknowledged, not applied again")
    func replay() async throws {
        let stack = try Stack()
        let first = await stack.deliver("session.revoked", Self.session("sess_r", status: "revoked"), id: "msg_same")
        let retry = await stack.deliver("session.revoked", Self.session("sess_r", status: "revoked"), id: "msg_same")
        #expect(first.body == #"{"status":"applied"}"#)
        #expect(retry.status == 200 && retry.body == #"{"status":"duplicate"}"#)
        #expect(stack.handled.withLock { $0 } == ["msg_same"])
    }

    @Test("a handler failure answers 500 and lets the retry run the handler again")
    func handlerFailure() async throws {
        let fails = Locked(true)
        let stack = try Stack(handlerFails: fails)
        let token = Self.issuer.sessionToken(sessionID: "sess_h")
        let failed = await stack.deliver("session.revoked", Self.session("sess_h", status: "revoked"), id: "msg_h")
        #expect(failed.status == 500)
        #expect(stack.code(token) == "session-revoked")  // the revocation stands regardless
        fails.withLock { $0 = false }
        let retried = await stack.deliver("session.revoked", Self.session("sess_h", status: "revoked"), id: "msg_h")
        #expect(retried.status == 200 && retried.body == #"{"status":"applied"}"#)
        #expect(stack.handled.withLock { $0 } == ["msg_h"])
    }

    @Test("a flood of forged webhooks: each 400, no revocation, no id remembered")
    func forgedFlood() async throws {
        let stack = try Stack()
        let token = Self.issuer.sessionToken(sessionID: "sess_target")
        let stranger = TestWebhookSigner()
        var statuses: [Int: Int] = [:]
        for i in 0..<1000 {
            let body = Array(
                #"{"type":"session.revoked","data":{"id":"sess_target","user_id":"user_1"}}"#.utf8)
            var headers = stranger.headers(id: "msg_forged_\(i)", timestamp: Self.now, body: body)
            if i % 3 == 1 { headers[2].value = "v1,\(String(repeating: "A", count: 43))=" }
            if i % 3 == 2 { headers.removeAll { $0.name == "svix-signature" } }
            let answer = await stack.endpoint.handle(body: body, headers: headers)
            statuses[answer.status, default: 0] += 1
        }
        #expect(statuses == [400: 1000])
        #expect(stack.code(token) == "verified")
        #expect(stack.endpoint.replayGuard.count == 0)
        #expect((stack.verifier.revocations as? InMemoryRevocationList)?.count == 0)
    }

    @Test("ClerkBackendClient.sessions.revoke records the session in the client's list once Clerk confirms")
    func clientRevoke() async throws {
        let server = try await FakeClerkServer.start(issuer: sharedIssuer)
        let list = InMemoryRevocationList()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet, revocations: list)
        let client = ClerkBackendClient(
            configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL), revocations: list)
        let (session, _) = server.createSession()
        let token = try #require(server.sessionToken(forSession: session.id))
        _ = try verifier.verify(token)
        _ = try await client.sessions.revoke(session.id)
        #expect(throws: ClerkVerificationError.self) { try verifier.verify(token) }
        // A refused revoke (unknown session) records nothing.
        _ = await apiError { _ = try await client.sessions.revoke("sess_unknown") }
        #expect(list.count == 1)
        try await server.shutdown()
    }
}
