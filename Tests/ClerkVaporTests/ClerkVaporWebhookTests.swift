#if Vapor
    import ClerkAdapterTestSupport
    import ClerkBackend
    import ClerkSession
    import ClerkTesting
    import ClerkVapor
    import ClerkWebhooks
    import NIOCore
    import Testing
    import Vapor
    import VaporTesting

    /// Issue 14 (3): the webhook endpoint mounted in one line in Vapor; a revocation webhook turns the
    /// session's next request away.
    @Suite("ClerkVapor webhooks")
    struct ClerkVaporWebhookTests {
        @Test("a signed session.revoked: 200, then the session's token is refused; forged: 400 with its code")
        func webhook() async throws {
            let signer = TestWebhookSigner()
            let authenticator = try Fixture.authenticator()
            let token = Fixture.issuer.sessionToken(userID: "user_1", sessionID: "sess_vapor")
            let body =
                #"{"object":"event","type":"session.revoked","timestamp":1,"data":{"id":"sess_vapor","user_id":"user_1"}}"#
            let timestamp = Int64(Fixture.issuer.clock.now())
            try await withApp(configure: { app in
                app.clerk.configure(authenticator: authenticator, prewarmsKeys: false, refreshesKeysInBackground: false)
                app.clerkWebhooks(
                    "webhooks", "clerk",
                    endpoint: ClerkWebhookEndpoint(
                        verifier: ClerkWebhookVerifier(
                            secret: try ClerkWebhookSecret(signer.secretText),
                            configuration: .init(clock: Fixture.issuer.clock)),
                        revocations: authenticator.verifier.revocations))
                app.grouped(ClerkAuthenticator(), ClerkSessionGuard()).get("me") { req in
                    try req.clerk.requireSession().sessionID
                }
            }) { app in
                let tester = try app.testing()
                try await tester.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) {
                    #expect($0.status == .ok)
                }
                var forged = HTTPHeaders()
                for header in TestWebhookSigner().headers(id: "msg_x", timestamp: timestamp, body: Array(body.utf8)) {
                    forged.add(name: header.name, value: header.value)
                }
                try await tester.test(.POST, "webhooks/clerk", headers: forged, body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string == #"{"error":"webhook-no-matching-signature"}"#)
                }
                var signed = HTTPHeaders()
                for header in signer.headers(id: "msg_ok", timestamp: timestamp, body: Array(body.utf8)) {
                    signed.add(name: header.name, value: header.value)
                }
                try await tester.test(.POST, "webhooks/clerk", headers: signed, body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == #"{"status":"applied"}"#)
                }
                try await tester.test(.GET, "me", headers: ["Authorization": "Bearer \(token)"]) {
                    #expect($0.status == .unauthorized)
                }
            }
        }
    }
#endif
