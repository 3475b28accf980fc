#if Hummingbird
    import ClerkAdapterTestSupport
    import ClerkAuthentication
    import ClerkBackend
    import ClerkHummingbird
    import ClerkSession
    import ClerkTesting
    import ClerkWebhooks
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import HummingbirdTesting
    import NIOCore
    import Testing

    /// Issue 14 (3, 6): the webhook endpoint mounted in one line; a revocation webhook turns the session's
    /// next request away, over HummingbirdTesting and over real HTTP from the fake Clerk.
    @Suite("ClerkHummingbird webhooks")
    struct ClerkHummingbirdWebhookTests {
        static func application(
            _ authenticator: ClerkRequestAuthenticator, signer: TestWebhookSigner, maximumBodyBytes: Int = 1 << 20
        )
            throws -> some ApplicationProtocol
        {
            let router = Router(context: ClerkRequestContext.self)
            router.addClerkWebhooks(
                at: "/webhooks/clerk",
                endpoint: ClerkWebhookEndpoint(
                    verifier: ClerkWebhookVerifier(
                        secret: try ClerkWebhookSecret(signer.secretText),
                        configuration: .init(maximumBodyBytes: maximumBodyBytes, clock: Fixture.issuer.clock)),
                    revocations: authenticator.verifier.revocations))
            router.group("me")
                .add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
                .add(middleware: ClerkRequireSessionMiddleware())
                .get { _, context -> String in try context.requireIdentity().sessionID }
            return Application(router: router)
        }

        static func revoked(_ sessionID: String) -> [UInt8] {
            Array(
                #"{"object":"event","type":"session.revoked","timestamp":1,"data":{"id":"\#(sessionID)","user_id":"user_1"}}"#
                    .utf8)
        }

        static func fields(_ headers: [(name: String, value: String)]) -> HTTPFields {
            var fields = HTTPFields()
            for header in headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            return fields
        }

        @Test("a signed session.revoked: 200, then the session's token is refused; forged and oversized: 400")
        func router() async throws {
            let signer = TestWebhookSigner()
            let token = Fixture.issuer.sessionToken(userID: "user_1", sessionID: "sess_hb")
            let body = Self.revoked("sess_hb")
            let timestamp = Int64(Fixture.issuer.clock.now())
            try await Self.application(try Fixture.authenticator(), signer: signer, maximumBodyBytes: 4096)
                .test(.router) { client in
                    try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                        #expect($0.status == .ok)
                    }
                    var forged = Self.fields(TestWebhookSigner().headers(id: "msg_x", timestamp: timestamp, body: body))
                    forged[.contentType] = "application/json"
                    try await client.execute(
                        uri: "/webhooks/clerk", method: .post, headers: forged, body: ByteBuffer(bytes: body)
                    ) { res in
                        #expect(res.status == .badRequest)
                        #expect(String(buffer: res.body) == #"{"error":"webhook-no-matching-signature"}"#)
                    }
                    try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                        #expect($0.status == .ok)
                    }
                    let huge = [UInt8](repeating: UInt8(ascii: " "), count: 5000)
                    try await client.execute(
                        uri: "/webhooks/clerk", method: .post,
                        headers: Self.fields(signer.headers(id: "msg_big", timestamp: timestamp, body: huge)),
                        body: ByteBuffer(bytes: huge)
                    ) { res in
                        #expect(res.status == .badRequest)
                        #expect(String(buffer: res.body).contains("webhook-body-too-large"))
                    }
                    try await client.execute(
                        uri: "/webhooks/clerk", method: .post,
                        headers: Self.fields(signer.headers(id: "msg_ok", timestamp: timestamp, body: body)),
                        body: ByteBuffer(bytes: body)
                    ) { res in
                        #expect(res.status == .ok)
                        #expect(String(buffer: res.body) == #"{"status":"applied"}"#)
                    }
                    try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                        #expect($0.status == .unauthorized)
                    }
                }
        }

        @Test("the fake Clerk revokes a session and sends the webhook over HTTP: the next request is refused")
        func live() async throws {
            let signer = TestWebhookSigner()
            let server = try await FakeClerkServer.start(issuer: Fixture.issuer)
            let (session, _) = server.createSession(userID: "user_live")
            let token = try #require(server.sessionToken(forSession: session.id))
            try await Self.application(try Fixture.authenticator(), signer: signer).test(.live) { client in
                let port = try #require(client.port)
                try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    #expect($0.status == .ok)
                }
                let status = try await server.revokeSession(
                    session.id, notifying: "http://127.0.0.1:\(port)/webhooks/clerk", signedWith: signer)
                #expect(status == 200)
                #expect(server.session(id: session.id)?.status == .revoked)
                try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await server.shutdown()
        }
    }
#endif
